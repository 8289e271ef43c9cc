import redis

print(redis.__version__)
