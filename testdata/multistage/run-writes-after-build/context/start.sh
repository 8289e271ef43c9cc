#!/bin/sh
exec /app/server
