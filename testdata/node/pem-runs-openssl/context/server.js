const https = require('https');
const pem = require('pem');

pem.createCertificate({ days: 30, selfSigned: true }, (err, keys) => {
  if (err) throw err;
  https.createServer({ key: keys.clientKey, cert: keys.certificate }, (req, res) => res.end('ok')).listen(8443);
});
