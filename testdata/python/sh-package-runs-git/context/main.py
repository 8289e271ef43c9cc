"""Pulls the site's repository when the hook fires."""
import sh
from flask import Flask
from sh import ErrorReturnCode, git

app = Flask(__name__)


@app.post("/sync")
def sync():
    try:
        git("-C", "/srv/site", "pull")
        sh.rsync("-a", "/srv/site/public/", "/var/www/")
    except ErrorReturnCode as e:
        return str(e), 500
    return "ok"
