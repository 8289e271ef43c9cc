const gm = require("gm").subClass({ imageMagick: true });

gm("in.png").resize(64, 64).write("out.png", (err) => { if (err) throw err; });
