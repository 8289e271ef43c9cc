#!/bin/sh
# Starts the program from the folder ENV APP_HOME names.
set -e
echo "entrypoint: starting $APP_HOME/bin/greeter $*"
exec "$APP_HOME/bin/greeter" "$@"
