#!/bin/sh
set -e
# Fill the configuration from the environment when the container starts.
sed -e "s|@UPSTREAM@|${RELAY_UPSTREAM:-localhost:8080}|" \
    /etc/relay/relay.yaml.tmpl > /etc/relay/relay.yaml
exec "$@"
