module.exports = { apps: [{ name: "api", script: "npm", args: "start" }] };
