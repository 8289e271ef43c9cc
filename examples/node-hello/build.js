// The "build": copies the source into dist/, as a bundler would.
const fs = require("fs");
fs.mkdirSync("dist", { recursive: true });
fs.writeFileSync("dist/server.js", "// built\n" + fs.readFileSync("src/app.js", "utf8"));
