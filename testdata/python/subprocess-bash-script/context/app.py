import subprocess

from flask import Flask

app = Flask(__name__)


@app.post("/backup")
def backup():
    subprocess.run(["bash", "scripts/backup.sh"], check=True)
    return "ok"
