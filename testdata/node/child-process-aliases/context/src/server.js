const http = require("node:http");
const { execFile: run } = require("node:child_process");

// Pulls the site when GitHub says it changed.
http
  .createServer((req, res) => {
    run("git", ["-C", "/srv/site", "pull", "--ff-only"], (err) => {
      res.statusCode = err ? 500 : 204;
      res.end();
    });
  })
  .listen(3000);
