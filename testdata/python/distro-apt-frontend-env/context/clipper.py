import subprocess
from flask import Flask

app = Flask(__name__)


@app.route("/probe")
def probe():
    return subprocess.run(["ffmpeg", "-hide_banner", "-version"], capture_output=True).stdout


app.run(host="0.0.0.0")
