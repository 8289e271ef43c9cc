// Draws a build badge; the text uses the first sans-serif font found.
const http = require("node:http");
const { createCanvas } = require("@napi-rs/canvas");

http.createServer((req, res) => {
  const canvas = createCanvas(120, 20);
  const ctx = canvas.getContext("2d");
  ctx.font = "11px sans-serif";
  ctx.fillText("build passing", 6, 14);
  res.setHeader("Content-Type", "image/png");
  res.end(canvas.toBuffer("image/png"));
}).listen(8080);
