package tools;

/** Fetches the repository given as the first argument. */
public class Release {
    private static final String GIT = "git";

    public static void main(String[] args) throws Exception {
        Process fetch = new ProcessBuilder(GIT, "-C", args[0], "fetch", "--tags").inheritIO().start();
        System.exit(fetch.waitFor());
    }
}
