#!/bin/sh
cd /app
./app config.yml
