const { spawn } = require("child_process");
const express = require("express");

const app = express();
app.post("/sync", (req, res) => {
  spawn("bash", ["scripts/sync.sh"], { stdio: "inherit" }).on("close", (code) => res.sendStatus(code === 0 ? 200 : 500));
});
app.listen(3000);
