#!/bin/sh
set -e
echo "run db migration"
curl -fsS http://config/ > /tmp/c && /app/migrate -path /app/db/migration -database "$DB_SOURCE" -verbose up
echo "start the app"
exec "$@"
