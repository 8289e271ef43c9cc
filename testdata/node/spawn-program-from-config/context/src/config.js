// Everything an operator may change, from the environment.
module.exports = {
  port: Number(process.env.PORT || 3000),
  repo: process.env.GALLERY_REPO || "/srv/gallery",
  gitBin: process.env.GIT_BIN || "git",
  convertBin: process.env.CONVERT_BIN || "convert",
};
