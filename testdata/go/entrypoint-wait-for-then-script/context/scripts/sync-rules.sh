#!/bin/sh
set -e
# The posting rules live in a repository of their own: fresh on each start.
if [ -d /app/rules/.git ]; then
	git -C /app/rules pull --ff-only
else
	git clone --depth 1 "${RULES_REPO:?}" /app/rules
fi
