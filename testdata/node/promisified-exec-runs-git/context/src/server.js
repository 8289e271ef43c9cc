// Serves the version of the checked-out site and updates it on request.
const http = require("http");
const util = require("util");
const { exec } = require("child_process");

const execAsync = util.promisify(exec);
const SITE = process.env.SITE_DIR || "/srv/site";

http
  .createServer(async (req, res) => {
    if (req.method === "POST") {
      await execAsync(`git -C ${SITE} pull --ff-only`);
    }
    const { stdout } = await execAsync(`git -C ${SITE} rev-parse --short HEAD`);
    res.end(stdout);
  })
  .listen(8080);
