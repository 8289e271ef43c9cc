package runner;

import java.io.File;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

// Compiles the snippets users submit, in process.
class Compile {
    static boolean run(File source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        return javac.run(null, null, null, source.getPath()) == 0;
    }
}
