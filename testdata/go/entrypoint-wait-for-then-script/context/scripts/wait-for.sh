#!/bin/sh
# wait-for.sh HOST:PORT [-t SECONDS] -- COMMAND...
# Polls until HOST:PORT accepts a connection, then runs COMMAND.
target="$1"
shift
limit=60
while [ $# -gt 0 ]; do
	case "$1" in
	-t) limit="$2"; shift 2 ;;
	--) shift; break ;;
	*) shift ;;
	esac
done
waited=0
until nc -z "${target%%:*}" "${target##*:}"; do
	waited=$((waited + 1))
	[ "$waited" -ge "$limit" ] && { echo "timed out waiting for $target" >&2; exit 1; }
	sleep 1
done
exec "$@"
