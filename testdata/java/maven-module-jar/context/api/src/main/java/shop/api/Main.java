package shop.api;

public class Main {
    public static void main(String[] args) {}
}
