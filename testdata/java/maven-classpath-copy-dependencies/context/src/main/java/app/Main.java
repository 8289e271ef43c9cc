package app;

// Main prints the configured greeting; its dependencies are on the class
// path from target/dependency, as copy-dependencies left them.
public class Main {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
