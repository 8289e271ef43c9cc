package app;

public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("board up on " + System.getProperty("java.vm.name"));
        Thread.currentThread().join();
    }
}
