#!/bin/sh
set -e
curl -fsS "$CONFIG_URL" -o /tmp/settings.json
python manage.py migrate --noinput
exec "$@"
