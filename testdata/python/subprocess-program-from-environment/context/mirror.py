"""Mirrors the repositories listed in REPOS every hour."""
import os
import subprocess
import time

import schedule

GIT = os.environ.get("GIT_BIN", "git")
REPOS = os.environ.get("REPOS", "").split()


def mirror():
    for repo in REPOS:
        subprocess.run([GIT, "-C", repo, "remote", "update", "--prune"], check=False)


schedule.every().hour.do(mirror)
while True:
    schedule.run_pending()
    time.sleep(30)
