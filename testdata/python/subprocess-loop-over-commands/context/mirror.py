"""Keeps a bare mirror of a repository fresh and reports to a hook."""
import os
import shutil
import subprocess
import time

import schedule

REQUIRED = ["git", "ssh"]
REPO = os.environ.get("REPO", "/srv/mirror.git")


def check_tools():
    for tool in REQUIRED:
        if shutil.which(tool) is None:
            raise SystemExit(f"mirror needs {tool} on PATH")


def refresh():
    for cmd in [
        ["git", "-C", REPO, "remote", "update", "--prune"],
        ["git", "-C", REPO, "gc", "--auto"],
    ]:
        subprocess.run(cmd, check=True)
    for argv in (["curl", "-fsS", "-X", "POST", os.environ["HOOK"]],):
        subprocess.check_call(argv)


if __name__ == "__main__":
    check_tools()
    schedule.every(10).minutes.do(refresh)
    while True:
        schedule.run_pending()
        time.sleep(30)
