#!/bin/sh
set -e
echo "starting hookd on ${PORT:-8080}"
exec hookd --port "${PORT:-8080}"
