#!/bin/sh
mkdir -p public && date > public/built.txt
