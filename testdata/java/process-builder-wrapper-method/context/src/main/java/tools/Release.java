package tools;

/** Prints the notes of the next release from the commits since the last tag. */
public class Release {
    public static void main(String[] args) throws Exception {
        String last = Shell.run("git", "describe", "--tags", "--abbrev=0");
        System.out.println(Shell.run("git", "log", "--oneline", last + "..HEAD"));
    }
}
