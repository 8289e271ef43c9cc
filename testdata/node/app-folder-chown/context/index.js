const multer = require("multer");
multer({ dest: "uploads/" });
