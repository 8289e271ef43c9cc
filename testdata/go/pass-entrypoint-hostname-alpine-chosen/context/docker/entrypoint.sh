#!/bin/sh
set -e

# Peers reach this node at the container's first address unless told.
if [ -z "$ADVERTISE_ADDR" ]; then
	ADVERTISE_ADDR=$(hostname -I | awk '{print $1}')
fi

exec gossip -advertise "$ADVERTISE_ADDR:7946" -join "${GOSSIP_JOIN:-}"
