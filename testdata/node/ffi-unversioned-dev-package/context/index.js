const http = require('http');
const ffi = require('ffi-napi');

const sodium = ffi.Library('libsodium', {
  sodium_init: ['int', []],
  randombytes_random: ['uint32', []],
});
if (sodium.sodium_init() < 0) throw new Error('libsodium failed to start');

http.createServer((req, res) => res.end(String(sodium.randombytes_random()))).listen(3000);
