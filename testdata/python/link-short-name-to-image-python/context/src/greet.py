"""A greeting, installed with pip into the image's own Python."""

import sys


def hello(name):
    return f"Hello, {name}, from {__file__}"


def main():
    print(hello(sys.argv[1] if len(sys.argv) > 1 else "world"))
