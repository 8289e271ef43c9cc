#!/bin/sh
set -e
# Resolve the upstream once, so a DNS hiccup at start fails loudly.
addr="$(getent hosts "${UPSTREAM_HOST:-backend}" | cut -d' ' -f1)"
workers="$(nproc)"
perl -pe "s/\@UPSTREAM\@/$addr/; s/\@PORT\@/${UPSTREAM_PORT:-80}/" /etc/proxy/config.tmpl > /tmp/proxy.conf
echo "proxy: $workers cores, upstream $addr"
exec /usr/local/bin/proxy /tmp/proxy.conf
