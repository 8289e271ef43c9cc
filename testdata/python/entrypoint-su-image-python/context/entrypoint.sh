#!/bin/sh
set -e
chown -R app /app/data
exec su app -c "python job.py"
