#!/bin/sh
# Starts the app the way a development setup does: through the runner.
set -e
echo "starting"
exec ./node_modules/.bin/greet-runner src/app.js
