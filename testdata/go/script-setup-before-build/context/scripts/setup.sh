#!/bin/sh
set -e
mkdir -p /etc/worker
echo "level: info" > /etc/worker/log.yaml
