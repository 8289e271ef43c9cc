#!/bin/sh
set -e
/app/scripts/wait-for.sh "${DB_HOST:-db}:5432" -t 30 -- /app/scripts/sync-rules.sh
exec /app/scripts/wait-for.sh "${DB_HOST:-db}:5432" -- "$@"
