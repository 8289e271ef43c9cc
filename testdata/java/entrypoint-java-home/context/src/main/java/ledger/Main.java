package ledger;

public final class Main {
    public static void main(String[] args) {
        System.out.println("ledger " + String.join(" ", args));
    }
}
