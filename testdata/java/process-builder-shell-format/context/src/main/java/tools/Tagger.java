package tools;

import java.util.concurrent.TimeUnit;

/** Tags the repository given as the first argument and pushes the tag. */
public class Tagger {
    public static void main(String[] args) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", String.format("git -C %s tag -a v%s -m release && git -C %s push --tags", args[0], args[1], args[0]))
                .inheritIO()
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroy();
        }
        System.exit(p.exitValue());
    }
}
