#!/bin/sh
# line-buffered output for the log collector
stdbuf -oL /usr/local/bin/app "$@"
