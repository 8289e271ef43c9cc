#!/bin/sh
set -e

# The operator picks the zone the reports follow with TZ at run time.
if [ -n "${REPORT_TZ:-}" ]; then
	cp "/usr/share/zoneinfo/${REPORT_TZ}" /etc/localtime
	echo "${REPORT_TZ}" > /etc/timezone
fi

exec "$@"
