#!/bin/sh
set -e
# Unpack the models a volume brings, then serve.
[ -f /data/models.zip ] && unzip -oq /data/models.zip -d /app/models
exec python app.py
