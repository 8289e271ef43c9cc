// Counts its visits in a file of its working folder, which the Dockerfile
// makes with WORKDIR after USER: BuildKit makes it as that user.
const fs = require("fs");
const path = require("path");

const file = path.join(process.cwd(), "visits.txt");
let visits = 0;
try {
  visits = Number(fs.readFileSync(file, "utf8"));
} catch {}
fs.writeFileSync(file, String(visits + 1));
const owner = fs.statSync(process.cwd()).uid;
console.log(`visit ${visits + 1} recorded in ${file}; the folder is uid ${owner}'s, this is uid ${process.getuid()}`);
