const express = require("express");
const { exec } = require("child_process");
const settings = require("./settings");

const app = express();

app.post("/push", (req, res) => {
  exec(`${settings.gitBin} -C ${settings.docsDir} pull --ff-only`, (err, stdout) => {
    if (err) return res.status(500).send(String(err));
    res.send(stdout);
  });
});

app.listen(settings.port);
