import os
import subprocess

from flask import Flask, request

from .shell import run_shell

app = Flask(__name__)
UPLOADS = "/tmp/uploads"


@app.post("/bundle")
def bundle():
    archive = os.path.join(UPLOADS, "bundle.zip")
    request.files["file"].save(archive)
    # The bundle holds the originals; unpack next to it.
    out, _ = run_shell(f"unzip -o {archive} -d {UPLOADS}")
    return out


@app.post("/thumb/<name>")
def thumb(name):
    src = os.path.join(UPLOADS, name)
    dst = src + ".thumb.png"
    subprocess.run(args=["convert", src, "-thumbnail", "256x256", dst],
                   capture_output=True, check=True)
    return dst


if __name__ == "__main__":
    os.makedirs(UPLOADS, exist_ok=True)
    app.run(host="0.0.0.0", port=8080)
