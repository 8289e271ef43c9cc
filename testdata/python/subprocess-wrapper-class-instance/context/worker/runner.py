"""Runs the jobs' commands in the checkout, with a log line for each."""
import logging
import subprocess


class Runner:
    def __init__(self, cwd):
        self.cwd = cwd

    def run(self, label, command):
        logging.info("%s: %s", label, command)
        return subprocess.run(command, shell=True, cwd=self.cwd, check=True)
