const express = require("express");

const app = express();
app.get("/", (req, res) => res.send("feed"));
app.listen(8080);
