#!/bin/sh
set -e
. ./scripts/wait.sh
python manage.py migrate --noinput
exec "$@"
