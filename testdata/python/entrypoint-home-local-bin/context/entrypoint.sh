#!/bin/sh
set -e

# pip install --user put the scripts here; PATH does not have it.
exec "$HOME/.local/bin/gunicorn" --bind 0.0.0.0:8000 --workers "${WORKERS:-2}" web:app
