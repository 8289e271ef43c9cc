const os = require("os");
console.log("running as " + os.userInfo().username);
