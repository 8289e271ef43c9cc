"""Takes image jobs from Redis and writes a web-sized copy of each."""
import json
import shlex
import subprocess

import redis

queue = redis.Redis(host="redis")

while True:
    _, raw = queue.blpop("images")
    job = json.loads(raw)
    cmd = f"convert {shlex.quote(job['src'])} -resize 1600x1600> -quality 85 {shlex.quote(job['dst'])}"
    subprocess.run(shlex.split(cmd), check=False)
