"""Drains the jobs queue."""
import redis

r = redis.Redis(host="redis")
while True:
    print(r.blpop("jobs"))
