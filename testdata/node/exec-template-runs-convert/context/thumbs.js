// Makes 200px thumbnails of the images uploaded to /upload.
const express = require("express");
const multer = require("multer");
const { exec } = require("child_process");
const path = require("path");

const upload = multer({ dest: "/tmp/uploads" });
const app = express();

app.post("/upload", upload.single("image"), (req, res) => {
  const out = path.join("/tmp", `${req.file.filename}.png`);
  exec(`convert ${req.file.path} -thumbnail 200x200 ${out}`, (err) => {
    if (err) {
      res.status(500).send(err.message);
      return;
    }
    res.sendFile(out);
  });
});

app.listen(8080);
