const express = require("express");
const { pull, notify } = require("./lib/sync");

const app = express();

app.post("/hooks/push", (req, res) => {
  pull((err) => {
    if (err) return res.status(500).send(String(err));
    if (process.env.NOTIFY_URL) notify(process.env.NOTIFY_URL, () => {});
    res.sendStatus(204);
  });
});

app.listen(3000);
