"""Greets with the text pip installed as a data file of the package."""

import os
import sys
import sysconfig


def main():
    path = os.path.join(sysconfig.get_path("data"), "share", "greeter", "greeting.txt")
    with open(path) as f:
        template = f.read().strip()
    print(template.format(sys.argv[1] if len(sys.argv) > 1 else "world"))
