"""Pulls the site repository on a timer and checks the mirror host is up.

Each command runs under a time limit so that one hung network call
cannot stall the loop.
"""
import logging
import os
import subprocess
import time

import yaml

SITE = os.environ.get("SITE_DIR", "/srv/site")
PULL = ["nice", "-n", "10", "git", "-C", SITE, "pull", "--ff-only"]
PROBE_SECONDS = int(os.environ.get("PROBE_SECONDS", "20"))


def mirror_up(host):
    probe = subprocess.run(
        ["timeout", "--signal=KILL", str(PROBE_SECONDS), "ssh", "-o", "BatchMode=yes", host, "true"],
        capture_output=True,
    )
    return probe.returncode == 0


def main():
    with open(os.environ.get("SYNCER_CONFIG", "/etc/syncer.yml")) as f:
        config = yaml.safe_load(f)
    while True:
        subprocess.run(PULL, check=False)
        if not mirror_up(config["mirror"]):
            logging.warning("mirror %s is down", config["mirror"])
        time.sleep(int(config.get("every", 300)))


if __name__ == "__main__":
    main()
