// Inventory prints the jar it was started from: the Dockerfile runs it as
// target/*.jar, which the shell expands when the container starts.
public class Inventory {
    public static void main(String[] args) {
        String jar = Inventory.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        System.out.println("started from " + jar + " with " + args.length + " argument(s)");
    }
}
