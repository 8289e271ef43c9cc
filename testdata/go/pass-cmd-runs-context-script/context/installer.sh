#!/bin/sh
cp /dockersh/dockersh /host/usr/local/bin/
