"""Pulls the site every ten minutes and makes its thumbnails."""
import time

import schedule

from app.shell import run, sh

SITE = "/srv/site"


def publish():
    sh("git pull --ff-only", cwd=SITE)
    run("convert", f"{SITE}/cover.png", "-thumbnail", "320x", f"{SITE}/cover-small.png")


schedule.every(10).minutes.do(publish)
while True:
    schedule.run_pending()
    time.sleep(1)
