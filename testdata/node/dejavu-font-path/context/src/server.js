// Draws Open Graph images with the system's DejaVu font.
const express = require("express");
const { createCanvas, GlobalFonts } = require("@napi-rs/canvas");

GlobalFonts.registerFromPath("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVu");

const app = express();
app.get("/og", (req, res) => {
  const canvas = createCanvas(1200, 630);
  const ctx = canvas.getContext("2d");
  ctx.font = "64px DejaVu";
  ctx.fillText(String(req.query.title || ""), 60, 300);
  res.type("png").send(canvas.toBuffer("image/png"));
});
app.listen(3000);
