#!/bin/sh
set -e
poetry run python app.py
