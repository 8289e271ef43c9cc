#!/bin/sh
set -e
if [ "$1" = 'migrate' ]; then
  exec app migrate --yes
fi
exec "$@"
