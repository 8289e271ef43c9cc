package tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Runs the programs a release needs and returns what they print. */
final class Shell {
    private Shell() {}

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out.trim();
    }
}
