"""Small helpers around subprocess, so that every command is logged."""
import logging
import subprocess

log = logging.getLogger(__name__)


def sh(cmd, cwd=None):
    log.info("$ %s", cmd)
    return subprocess.check_output(cmd, shell=True, cwd=cwd, text=True)


def run(*argv):
    log.info("$ %s", " ".join(argv))
    subprocess.run(argv, check=True)
