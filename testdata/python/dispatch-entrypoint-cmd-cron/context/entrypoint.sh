#!/bin/sh
set -e
if [ "$1" = "migrate" ]; then
  exec python manage.py migrate
fi
exec "$@"
