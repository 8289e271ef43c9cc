#!/bin/sh
set -e
exec /usr/local/bin/python app.py
