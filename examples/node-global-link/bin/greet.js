#!/usr/bin/env node
// Reads its greeting beside the package, through the link npm made.
const fs = require("fs");
const path = require("path");

const template = fs.readFileSync(path.join(__dirname, "..", "greeting.txt"), "utf8").trim();
console.log(template.replace("%s", process.argv[2] || "world") + " (" + fs.realpathSync(__filename) + ")");
