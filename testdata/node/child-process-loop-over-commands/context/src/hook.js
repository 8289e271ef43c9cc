// A webhook that pulls the site and tells the CDN after each push.
const http = require("node:http");
const { execFileSync, spawnSync } = require("node:child_process");

const SITE = process.env.SITE_DIR || "/srv/site";

const steps = [
  ["git", "-C", SITE, "fetch", "--prune"],
  ["git", "-C", SITE, "reset", "--hard", "origin/main"],
];

function deploy() {
  for (const [cmd, ...args] of steps) {
    execFileSync(cmd, args, { stdio: "inherit" });
  }
  const purge = ["curl", "-fsS", "-X", "POST", process.env.PURGE_URL];
  const res = spawnSync(purge[0], purge.slice(1), { stdio: "inherit" });
  return res.status === 0;
}

http
  .createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    res.writeHead(deploy() ? 200 : 500).end();
  })
  .listen(9000);
