// A Java program that reads the JVM options the container passes it
// through JAVA_OPTS, built with javac and jar, no build tool downloads.
public class Greeter {
    public static void main(String[] args) {
        String greeting = System.getProperty("greeting", "(no greeting set)");
        boolean capped = Runtime.getRuntime().maxMemory() <= 64L * 1024 * 1024;
        System.out.println(greeting + " from Java " + Runtime.version().feature() + ", heap capped at 64 MiB: " + capped);
    }
}
