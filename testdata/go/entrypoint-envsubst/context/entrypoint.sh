#!/bin/sh
set -e
envsubst < /app/config.tmpl.yaml > /app/config.yaml
exec /app/server /app/config.yaml
