from Crypto.PublicKey import RSA
