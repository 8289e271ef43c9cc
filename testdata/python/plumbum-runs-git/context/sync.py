"""Mirrors every repository listed in /etc/mirrors into /data."""
from pathlib import Path

from plumbum.cmd import git

for url in Path("/etc/mirrors").read_text().split():
    dest = Path("/data") / url.rstrip("/").rsplit("/", 1)[-1]
    if dest.exists():
        git["-C", str(dest), "fetch", "--prune"]()
    else:
        git["clone", "--mirror", url, str(dest)]()
