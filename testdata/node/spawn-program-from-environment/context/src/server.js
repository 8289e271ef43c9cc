const http = require("node:http");
const { spawn } = require("node:child_process");

// ImageMagick's convert, unless CONVERT names another.
const CONVERT = process.env.CONVERT || "convert";

http
  .createServer((req, res) => {
    const child = spawn(CONVERT, ["-", "-thumbnail", "200x200", "png:-"]);
    req.pipe(child.stdin);
    child.stdout.pipe(res);
  })
  .listen(3000);
