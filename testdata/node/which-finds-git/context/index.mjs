// Counts the commits of the repository it is given, with the git on PATH.
import { execFileSync } from "node:child_process";
import which from "which";

const git = await which("git");
console.log(execFileSync(git, ["rev-list", "--count", "HEAD"], { cwd: process.argv[2] }).toString());
