#!/bin/sh
set -e

# How long the upstream takes to answer, for the status page.
start=$(date +%s%N)
wget -q -O /dev/null "${UPSTREAM_URL:-http://upstream:8080/healthz}" || true
PROBE_MS=$(( ($(date +%s%N) - start) / 1000000 ))
export PROBE_MS

exec "$@"
