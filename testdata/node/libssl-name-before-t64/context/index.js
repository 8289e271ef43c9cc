require("node-rsa-native");
