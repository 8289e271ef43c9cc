// Runs a command line and returns what it printed, trimmed.
const { execSync } = require("node:child_process");

function sh(cmd) {
  return execSync(cmd, { encoding: "utf8" }).trim();
}

module.exports = { sh };
