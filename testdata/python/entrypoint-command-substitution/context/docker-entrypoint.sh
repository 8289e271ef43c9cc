#!/bin/sh
set -e
# A key per container when none is given: sessions end with it.
if [ -z "$SECRET_KEY" ]; then
	SECRET_KEY="$(openssl rand -hex 32)"
	export SECRET_KEY
fi
exec flask --app app run --host 0.0.0.0
