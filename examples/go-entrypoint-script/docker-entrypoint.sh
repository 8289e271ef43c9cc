#!/bin/sh
# Says what it starts, then becomes the program: greeter, found on PATH.
set -e
echo "entrypoint: starting greeter $*"
exec greeter "$@"
