#!/bin/sh
set -e
sqlite3 /app/data.db < /app/schema.sql
