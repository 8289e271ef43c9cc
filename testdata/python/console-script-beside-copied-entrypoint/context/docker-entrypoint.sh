#!/bin/sh
set -e
if [ -n "$WAIT_FOR" ]; then
  sleep 2
fi
exec "$@"
