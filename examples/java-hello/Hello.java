// A Java program built with javac and jar, no build tool downloads.
public class Hello {
    public static void main(String[] args) {
        String who = args.length > 0 ? args[0] : "nobody";
        System.out.println("Hello, " + who + ", from Java " + Runtime.version().feature());
    }
}
