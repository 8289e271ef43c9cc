#!/bin/sh
set -e

# Leftovers of a run that was killed mid-write.
find /var/lib/indexer -name '*.partial' -print | xargs -d '\n' -r rm -f

indexer &
CHILD=$!

stop() {
	kill "$CHILD"
	# Give the server its time to flush the index before the container ends.
	while ps -p "$CHILD" > /dev/null; do
		sleep 1
	done
}
trap stop INT TERM

wait "$CHILD"
