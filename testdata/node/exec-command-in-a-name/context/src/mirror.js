// Keeps a mirror of the wiki's repository and pings the status page.
const { exec, spawn } = require("node:child_process");

const REPO = process.env.WIKI_DIR || "/srv/wiki";

function pull() {
  const command = `git -C ${REPO} pull --ff-only`;
  exec(command, (err, stdout) => console.log(err ? err.message : stdout));
}

function ping() {
  const curl = "curl";
  spawn(curl, ["-fsS", "-X", "POST", process.env.STATUS_URL], { stdio: "inherit" });
}

setInterval(() => {
  pull();
  ping();
}, 5 * 60 * 1000);
