#!/bin/sh
set -e
case "$1" in
  web) exec python app.py ;;
  worker) exec python app.py --worker ;;
esac
exec "$@"
