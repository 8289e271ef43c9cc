const { execFileSync } = require('child_process');
const http = require('http');
const secret = execFileSync('openssl', ['rand', '-hex', '16']).toString().trim();
const summary = execFileSync('python3', ['summarize.py']).toString();
http.createServer((req, res) => res.end(summary + secret.length)).listen(3000);
