package shop;

public class Api {
    public static void main(String[] args) {}
}
