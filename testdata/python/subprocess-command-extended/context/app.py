"""Resizes the images posted to it."""
import subprocess
import tempfile

from flask import Flask, request, send_file

app = Flask(__name__)


@app.post("/resize")
def resize():
    width = int(request.args.get("width", 640))
    src = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
    request.files["image"].save(src.name)
    dst = src.name + ".jpg"
    cmd = ["convert", src.name]
    cmd += ["-resize", f"{width}x"]
    if request.args.get("strip"):
        cmd.append("-strip")
    cmd.append(dst)
    subprocess.run(cmd, check=True)
    return send_file(dst, mimetype="image/jpeg")
