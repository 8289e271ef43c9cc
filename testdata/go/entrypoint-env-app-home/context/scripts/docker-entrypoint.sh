#!/bin/sh
set -e

cd "$APP_HOME"
mkdir -p "$APP_HOME/spool"

if [ "$1" = "serve" ]; then
	exec "$APP_HOME/bin/notifier" "$@"
fi

exec "$@"
