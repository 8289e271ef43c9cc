const fs = require("fs");
fs.mkdirSync("public", { recursive: true });
fs.writeFileSync("public/index.html", "<p>hello</p>\n");
