const express = require("express");

const app = express();
app.get("/", (req, res) => res.send("queue"));
app.listen(8080);
