#!/bin/sh
set -e
. /app/scripts/lib.sh
log "waiting for the database"
wait_for "${DB_HOST:-db}" 5432
exec /app/server "$@"
