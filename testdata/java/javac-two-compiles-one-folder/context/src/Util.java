public class Util { static String greet() { return "hi"; } }
