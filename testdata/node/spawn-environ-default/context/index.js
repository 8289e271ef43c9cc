import express from "express";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const app = express();
const repo = process.env.REPO_DIR || "/srv/repo";

app.get("/notes/:from/:to", async (req, res) => {
  const range = `${req.params.from}..${req.params.to}`;
  const { stdout } = await run(process.env.GIT_BIN || "git", ["-C", repo, "log", "--oneline", range]);
  res.type("text").send(stdout);
});

app.listen(process.env.PORT ?? 3000);
