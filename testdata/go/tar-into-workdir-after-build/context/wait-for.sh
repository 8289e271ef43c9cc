#!/bin/sh
HOST=$(printf "%s\n" "$1"| cut -d : -f 1)
PORT=$(printf "%s\n" "$1"| cut -d : -f 2)
shift 2
until nc -z "$HOST" "$PORT"; do sleep 1; done
exec "$@"
