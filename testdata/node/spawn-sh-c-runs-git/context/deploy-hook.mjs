// Pulls the site and rebuilds its search index when the forge calls.
import { createServer } from "node:http";
import { spawn } from "node:child_process";

createServer((req, res) => {
  const job = spawn("sh", ["-c", "cd /srv/site && git pull --ff-only && ./reindex"], { stdio: "inherit" });
  job.on("exit", (code) => res.writeHead(code === 0 ? 204 : 500).end());
}).listen(9000);
