#!/bin/sh
set -e
exec pipenv run gunicorn -b 0.0.0.0:8000 app:app
