package judge;

import java.io.File;
import java.io.IOException;

// Compiles a submission with the JDK's compiler, then runs it.
public class Runner {
    public static int compile(File dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("javac", "Main.java").directory(dir).inheritIO().start();
        return p.waitFor();
    }
}
