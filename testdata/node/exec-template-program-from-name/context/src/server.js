// Builds a preview of a branch's site on request.
const express = require("express");
const { execSync } = require("child_process");

const GIT = process.env.GIT_BIN || "git";
const checkout = process.env.CHECKOUT || "/srv/site";

const app = express();
app.post("/preview/:branch", (req, res) => {
  const branch = req.params.branch.replace(/[^\w./-]/g, "");
  execSync(`${GIT} -C ${checkout} fetch origin ${branch} && ${GIT} -C ${checkout} checkout FETCH_HEAD`, { stdio: "inherit" });
  res.sendStatus(204);
});
app.listen(process.env.PORT || 3000);
