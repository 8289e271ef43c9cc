#!/bin/sh
set -e
if [ -n "$MIGRATE" ]; then
  /app migrate
fi
exec "$@"
