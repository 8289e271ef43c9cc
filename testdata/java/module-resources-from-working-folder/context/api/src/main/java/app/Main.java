package app;
import java.io.File;
class Main { public static void main(String[] a) throws Exception { new java.util.Scanner(new File("src/main/resources/words.txt")); } }
