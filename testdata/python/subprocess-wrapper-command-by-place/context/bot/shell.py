"""Runs the maintenance commands the bot offers, and logs each."""
import logging
import subprocess

log = logging.getLogger(__name__)


def run_step(title, command, cwd="/srv/app", timeout=300):
    """Runs one step of a maintenance task in a shell; returns its output."""
    log.info("%s: %s", title, command)
    done = subprocess.run(command, shell=True, cwd=cwd, timeout=timeout,
                          capture_output=True, text=True)
    return done.stdout + done.stderr
