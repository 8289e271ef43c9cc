"""Pulls the wiki and rebuilds its search index every ten minutes."""
import subprocess as sp
import time

import schedule


def sync():
    sp.run(["git", "-C", "/srv/wiki", "pull", "--ff-only"], check=False)
    sp.run("curl -fsS -X POST http://search:7700/reindex", shell=True, check=False)


schedule.every(10).minutes.do(sync)
while True:
    schedule.run_pending()
    time.sleep(5)
