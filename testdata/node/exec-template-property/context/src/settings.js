module.exports = {
  port: Number(process.env.PORT || 9000),
  docsDir: process.env.DOCS_DIR || "/srv/docs",
  gitBin: process.env.GIT_BIN || "git",
};
