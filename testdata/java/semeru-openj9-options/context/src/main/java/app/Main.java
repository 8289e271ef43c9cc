package app;

public class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("ledger up on " + System.getProperty("java.vm.name"));
        Thread.currentThread().join();
    }
}
