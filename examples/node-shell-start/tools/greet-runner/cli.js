#!/usr/bin/env node
// A development runner, as ts-node or nodemon are: it loads the program
// it is given and says it did.
const path = require("path");
console.log("greet-runner loads " + process.argv[2]);
require(path.resolve(process.argv[2]));
