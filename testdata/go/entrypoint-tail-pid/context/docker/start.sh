#!/bin/sh
set -e

# The upstreams come one per line; the relay wants them comma-separated.
UPSTREAMS=$(printf '%s\n' ${RELAY_UPSTREAMS:-127.0.0.1:7001} | sed -z 's/\n/,/g; s/,$//')

cfg=$(mktemp /tmp/relay.XXXXXX.yaml)
printf 'upstreams: [%s]\n' "$UPSTREAMS" > "$cfg"

relay -config "$cfg" -pidfile /run/relay.pid &

# The relay re-executes itself on SIGHUP, so wait on its pid file, not on $!.
while [ ! -s /run/relay.pid ]; do sleep 0.2; done
tail --pid="$(cat /run/relay.pid)" -f /dev/null
