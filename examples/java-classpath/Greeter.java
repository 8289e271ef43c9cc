import java.io.InputStream;
import java.util.Properties;

// Greeter reads its greeting from the class path: the conf folder beside
// the compiled classes.
public class Greeter {
    public static void main(String[] args) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("greeting.properties")) {
            if (in == null) {
                System.err.println("greeting.properties not found on the class path");
                System.exit(1);
            }
            Properties p = new Properties();
            p.load(in);
            System.out.println(p.getProperty("greeting") + ", " + p.getProperty("name") + "!");
        }
    }
}
