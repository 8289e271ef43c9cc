#!/usr/bin/env bash
# Waits until HOST:PORT accepts connections, then runs the rest.
target=$1; shift
[ "$1" = "--" ] && shift
host=${target%:*}
port=${target#*:}
probe() {
    if [[ "$(realpath "$(type -p timeout)")" == *busybox* ]]; then
        nc -z "$host" "$port"
    else
        (echo -n > "/dev/tcp/$host/$port") 2>/dev/null
    fi
}
until probe; do
    echo "waiting for $target" >&2
    sleep 1
done
exec "$@"
