// A status page that says which commit it was built from.
const express = require("express");
const git = require("git-rev-sync");

const app = express();
app.get("/version", (req, res) => {
  res.json({ commit: git.short(), branch: git.branch() });
});
app.listen(3000);
