// Builds a preview of a branch when asked, and tells the chat where it is.
const http = require("node:http");
const { Shell } = require("./shell");

const shell = new Shell("/srv/checkout");

http
  .createServer((req, res) => {
    const branch = new URL(req.url, "http://x").searchParams.get("branch") || "main";
    shell.run("fetch", `git fetch origin ${branch} && git checkout -f FETCH_HEAD`);
    shell.run("notify", "curl -fsS -X POST \"$CHAT_HOOK\"", { BRANCH: branch });
    res.end(shell.log.join("\n"));
  })
  .listen(8080);
