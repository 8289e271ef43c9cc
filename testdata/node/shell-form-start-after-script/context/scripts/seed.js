const fs = require("fs");
fs.writeFileSync("/tmp/seeded", "1");
