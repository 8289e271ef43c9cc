// Prints the notes of the last release from the repository it is given.
import { execa } from "execa";

const { stdout } = await execa("git", ["log", "--oneline", "-20"], { cwd: process.argv[2] });
console.log(stdout);
