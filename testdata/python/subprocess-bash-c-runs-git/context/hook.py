"""Updates the checked-out docs when the forge calls."""
import os
import subprocess

from flask import Flask

app = Flask(__name__)
DOCS = os.environ.get("DOCS_DIR", "/srv/docs")


@app.post("/update")
def update():
    subprocess.run(["bash", "-c", f"cd {DOCS} && git pull --ff-only"], check=True)
    return "", 204
