#!/bin/sh
set -e
chown -R app /data
exec gosu app "$@"
