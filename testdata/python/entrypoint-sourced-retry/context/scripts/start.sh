#!/bin/sh
set -e
. scripts/lib.sh

log "fetching the site's settings"
with_retries curl -fsS -o /tmp/settings.json "$SETTINGS_URL"
exec gunicorn --bind 0.0.0.0:8000 app:app
