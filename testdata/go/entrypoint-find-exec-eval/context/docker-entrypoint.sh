#!/bin/sh
set -e

# Each folder under /docs is a checkout; bring them all up to date
# before serving.
if [ -n "$DEPLOY_KEY_FILE" ]; then
	eval "$(ssh-agent -s)"
	ssh-add "$DEPLOY_KEY_FILE"
fi
find /docs -mindepth 1 -maxdepth 1 -type d -exec git -C {} pull --ff-only \;
# The index page lists what changed in the last week.
date -d '1 week ago' +%s > /docs/.changes-since

# A notification hook the operator may set, as a command line.
NOTIFY="${NOTIFY:-true}"
eval "$NOTIFY"
eval "curl -fsS -X POST http://localhost:9000/started || true"

exec -a docs-server "$@"
