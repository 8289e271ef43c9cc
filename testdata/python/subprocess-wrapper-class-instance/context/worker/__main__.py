"""Takes deploy jobs from a Redis list and runs them."""
import os

import redis

from .runner import Runner

runner = Runner("/srv/checkout")
queue = redis.Redis.from_url(os.environ["REDIS_URL"])

while True:
    _, ref = queue.blpop("deploys")
    runner.run("checkout", f"git fetch origin {ref.decode()} && git checkout -f FETCH_HEAD")
    runner.run("publish", "rsync -a --delete public/ /var/www/")
