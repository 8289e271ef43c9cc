"""Makes thumbnails of the images in a git repository of assets."""
import os
import platform
import subprocess
import tempfile

from flask import Flask, abort, send_file

app = Flask(__name__)

ASSETS = os.environ.get("ASSETS_DIR", "/srv/assets")
GIT = os.environ.get("GIT_BIN", "git")

convert = "convert"
if platform.system() == "Windows":
    convert = r"C:\Program Files\ImageMagick-7\magick.exe"


@app.post("/refresh")
def refresh():
    subprocess.run(f"{GIT} -C {ASSETS} pull --ff-only", shell=True, check=True)
    return "", 204


@app.get("/thumb/<path:name>")
def thumb(name):
    src = os.path.join(ASSETS, name)
    if not os.path.isfile(src):
        abort(404)
    out = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
    subprocess.run(f"{convert} {src} -thumbnail 256x256 {out}".split(), check=True)
    return send_file(out, mimetype="image/png")
