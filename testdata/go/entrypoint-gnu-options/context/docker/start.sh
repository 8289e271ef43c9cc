#!/bin/sh
set -e

# The port comes from the listener line of the mounted configuration
# unless the environment gives one.
if [ -z "$PORT" ] && [ -f /etc/relay/listen.conf ]; then
	PORT="$(grep -oP '^listen\s*=\s*\K\d+' /etc/relay/listen.conf)"
fi
export PORT="${PORT:-8080}"

# Old spool files go before the relay starts.
find /var/spool/relay -type f -mmin +1440 -printf '%p\n' | xargs -r rm -f

exec timeout --signal=TERM --kill-after=30s 12h /usr/local/bin/relay
