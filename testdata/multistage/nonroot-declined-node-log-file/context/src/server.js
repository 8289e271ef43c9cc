const express = require("express");
const winston = require("winston");

const logger = winston.createLogger({
  level: "info",
  transports: [
    new winston.transports.Console(),
    new winston.transports.File({ filename: "/var/log/orders/error.log", level: "error" }),
  ],
});

const app = express();
app.get("/health", (req, res) => res.send("ok"));
app.listen(3000, () => logger.info("listening on 3000"));
