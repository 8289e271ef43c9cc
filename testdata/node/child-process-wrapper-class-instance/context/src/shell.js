const { execSync } = require("node:child_process");

// Shell runs the builder's commands in one folder and keeps a log of them.
class Shell {
  constructor(cwd) {
    this.cwd = cwd;
    this.log = [];
  }

  run(label, command, env = {}) {
    this.log.push(label);
    return execSync(command, { cwd: this.cwd, env: { ...process.env, ...env } }).toString();
  }
}

module.exports = { Shell };
