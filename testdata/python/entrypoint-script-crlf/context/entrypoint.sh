#!/bin/sh
set -e
curl -fsS "$CONFIG_URL" -o /tmp/settings.json
exec "$@"
