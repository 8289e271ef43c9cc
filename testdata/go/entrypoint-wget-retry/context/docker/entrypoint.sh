#!/bin/sh
set -e

mirror &
pid=$!

# Fill the cache once the server listens; the first requests are slow otherwise.
wget --retry-connrefused --waitretry=1 --tries=30 -q -O /dev/null http://127.0.0.1:5000/warm

wait "$pid"
