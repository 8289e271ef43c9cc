import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

// Main sorts the names in names.txt by length, with a comparator of its
// own: javac writes Main.class and Main$1.class beside this file, and
// java finds them through the default class path, the working folder.
public class Main {
    public static void main(String[] args) throws Exception {
        List<String> names = Files.readAllLines(Path.of("names.txt"));
        names.sort(new Comparator<String>() {
            public int compare(String a, String b) {
                return a.length() != b.length() ? a.length() - b.length() : a.compareTo(b);
            }
        });
        System.out.println(String.join(" ", names));
    }
}
