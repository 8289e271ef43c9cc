"""Pulls the docs repository when the forge says it changed."""
import os
import subprocess

from flask import Flask, abort, request

REPO = os.environ.get("DOCS_REPO", "/srv/docs")
app = Flask(__name__)


@app.post("/hook")
def hook():
    if request.headers.get("X-Token") != os.environ["HOOK_TOKEN"]:
        abort(403)
    out = subprocess.run(f"git -C {REPO} pull --ff-only", shell=True, capture_output=True, text=True)
    return {"ok": out.returncode == 0, "log": out.stdout}
