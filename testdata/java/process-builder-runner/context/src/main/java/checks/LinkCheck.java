package checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks that every mirrored repository still answers, each probe bounded in time. */
public final class LinkCheck {
    private LinkCheck() {}

    static boolean answers(String remote) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("timeout", "--kill-after=5", "60", "git", "ls-remote", "--heads", remote)
                .inheritIO()
                .start();
        return p.waitFor() == 0;
    }

    public static void main(String[] args) throws Exception {
        List<String> remotes = Files.readAllLines(Path.of(System.getenv().getOrDefault("REMOTES", "/data/remotes.txt")));
        int broken = 0;
        for (String remote : remotes) {
            if (!answers(remote)) {
                System.out.println("not answering: " + remote);
                broken++;
            }
        }
        System.exit(broken == 0 ? 0 : 1);
    }
}
