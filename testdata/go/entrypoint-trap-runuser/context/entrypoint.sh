#!/bin/bash
set -euo pipefail

# Tell the status page when the container stops, however it stops.
trap 'curl -fsS -X POST "${STATUS_URL:-http://status:9000}/wiki/stopped" || true' EXIT

# The pages volume belongs to the wiki user; refresh it as that user.
if [ -d /srv/wiki/pages/.git ]; then
	runuser -u wiki -- git -C /srv/wiki/pages pull --ff-only
fi

"$@" &
wait $!
