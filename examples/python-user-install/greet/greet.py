"""A greeting, installed with pip install --user as the container's user."""

import site
import sys


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "world"
    print(f"Hello, {name}, from {__file__.replace(site.USER_BASE, '~/.local')}")
