#!/bin/sh
set -e
mkdir -p "$HOME/.config/notes"
exec notes "$@"
