import argparse
import pathlib
import subprocess
import time

from .config import settings


def parse_args():
    parser = argparse.ArgumentParser(description="Keep the docs checkout and its thumbnails fresh.")
    parser.add_argument("--interval", type=int, default=600, help="seconds between runs")
    parser.add_argument(
        "--unpack-bin",
        default="unzip",
        help="archive tool for uploaded bundles (default: unzip)",
    )
    return parser.parse_args()


def sync():
    subprocess.run([settings.git_bin, "-C", settings.checkout, "pull", "--ff-only"], check=True)


def thumbnails():
    for png in pathlib.Path(settings.checkout, "images").glob("*.png"):
        subprocess.run([settings.convert, str(png), "-thumbnail", "320x", str(png.with_suffix(".thumb.png"))])


def unpack(args):
    for bundle in pathlib.Path("/srv/uploads").glob("*.zip"):
        subprocess.run([args.unpack_bin, "-o", str(bundle), "-d", settings.checkout])


def main():
    args = parse_args()
    while True:
        sync()
        unpack(args)
        thumbnails()
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
