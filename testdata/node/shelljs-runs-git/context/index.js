// Prints the changes since the last tag of the repository mounted at /repo.
const shell = require("shelljs");

shell.cd("/repo");
const tag = shell.exec("git describe --tags --abbrev=0", { silent: true }).stdout.trim();
const log = shell.exec(`git log --oneline ${tag}..HEAD`, { silent: true }).stdout;
console.log(`Changes since ${tag}:\n${log}`);
