#!/bin/sh
set -e
log() { echo "[entrypoint] $*" >&2; }
wait_for() {
	until nc -z "$1" "$2"; do
		log "waiting for $1:$2"
		sleep 1
	done
}
[ -n "$DB_HOST" ] && wait_for "$DB_HOST" 5432
log "starting"
exec /app/server "$@"
