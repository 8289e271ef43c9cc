const readline = require("readline");
exports.start = () => readline.createInterface({ input: process.stdin, output: process.stdout, prompt: "> " }).prompt();
