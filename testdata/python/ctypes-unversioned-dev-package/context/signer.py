import ctypes

from flask import Flask

sodium = ctypes.CDLL("libsodium.so")
if sodium.sodium_init() < 0:
    raise SystemExit("libsodium failed to start")

app = Flask(__name__)


@app.get("/key")
def key():
    pk = ctypes.create_string_buffer(32)
    sk = ctypes.create_string_buffer(64)
    sodium.crypto_sign_keypair(pk, sk)
    return pk.raw.hex()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
