"""Fetches every mirror under /data once an hour."""
import pathlib
import subprocess
import time

import schedule

GIT = "git"
ROOT = pathlib.Path("/data")


def fetch_all():
    for repo in ROOT.glob("*.git"):
        subprocess.run([GIT, "--git-dir", str(repo), "fetch", "--prune"], check=False)


schedule.every().hour.do(fetch_all)
while True:
    schedule.run_pending()
    time.sleep(30)
