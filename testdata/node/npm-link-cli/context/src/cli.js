#!/usr/bin/env node
const md = require("markdown-it")();
console.log(md.parse(require("fs").readFileSync(process.argv[2] + "README.md", "utf8"), {}).length);
