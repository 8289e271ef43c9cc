import http from "node:http";
import { $ } from "execa";

const repo = process.env.REPO_DIR ?? "/data/site";
const inRepo = $({ cwd: repo });

http.createServer(async (req, res) => {
  if (req.method !== "POST") {
    res.writeHead(405).end();
    return;
  }
  await inRepo`git pull --ff-only`;
  const { stdout } = await $({ cwd: repo })`git rev-parse ${"HEAD"}`;
  res.end(stdout + "\n");
}).listen(9000);
