"""Reads the repositories to export, then becomes git daemon."""
import os

import yaml

with open("repos.yaml") as f:
    repos = yaml.safe_load(f)
os.execvp("git", ["git", "daemon", "--export-all", "--base-path=/repos"] + repos)
