#!/bin/sh
set -e
sudo go build -o /usr/local/bin/app .
