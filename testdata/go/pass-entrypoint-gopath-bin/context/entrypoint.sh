#!/bin/sh
case "$1" in
shell) exec sh ;;
*) exec $GOPATH/bin/bot ;;
esac
