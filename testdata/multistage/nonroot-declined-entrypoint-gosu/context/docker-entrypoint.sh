#!/bin/sh
set -e
# The data volume may come from the host owned by anyone: take it, then
# drop root.
chown -R vault:vault /data
exec gosu vault "$@"
