const express = require("express");
const { execFile, spawn } = require("node:child_process");
const path = require("node:path");
const config = require("./config");

const app = express();

app.post("/refresh", (req, res) => {
  execFile(config.gitBin, ["-C", config.repo, "pull", "--ff-only"], (err, stdout) => {
    if (err) return res.status(500).send(String(err));
    res.send(stdout);
  });
});

app.get("/thumb/:name", (req, res) => {
  const src = path.join(config.repo, "images", path.basename(req.params.name));
  const convert = spawn(config.convertBin, [src, "-thumbnail", "320x", "png:-"]);
  res.type("png");
  convert.stdout.pipe(res);
});

app.listen(config.port);
