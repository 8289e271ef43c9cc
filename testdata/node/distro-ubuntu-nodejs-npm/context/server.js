const express = require("express");

const app = express();
app.get("/", (req, res) => res.send("todo"));
app.listen(8080);
