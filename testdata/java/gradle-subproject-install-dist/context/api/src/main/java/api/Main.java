package api;

public class Main {
    public static void main(String[] args) {
        System.out.println("listening " + String.join(" ", args));
    }
}
