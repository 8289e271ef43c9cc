"""Takes image paths off the queue and writes a preview of each."""
import subprocess

import redis

queue = redis.Redis(host="redis")


def preview(src):
    dst = src.rsplit(".", 1)[0] + ".preview.jpg"
    cmd = [
        "convert", src,
        "-resize", "640x",
        dst,
    ]
    subprocess.run(cmd, check=True)


while True:
    _, path = queue.blpop("previews")
    preview(path.decode())
