public class Main {
    public static void main(String[] args) {
        Runnable hello = new Runnable() {
            public void run() { System.out.println("hello from an inner class"); }
        };
        hello.run();
    }
}
