#!/bin/sh
set -e
. /app/.venv/bin/activate
exec gunicorn --workers "${WORKERS:-2}" -b 0.0.0.0:8000 app:app
