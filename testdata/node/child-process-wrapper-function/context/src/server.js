const http = require("node:http");
const { sh } = require("./lib/shell");

const version = sh("git describe --tags --always");

http
  .createServer((req, res) => {
    res.end(JSON.stringify({ version, uptime: sh("uptime -p") }));
  })
  .listen(3000);
