#!/bin/sh
until pg_isready -h db; do sleep 1; done
curl -fsS http://config/ready
exec gunicorn app.wsgi:application --bind 0.0.0.0:8000
