# Read by entrypoint.sh: waits for the settings service.
until curl -fsS "$SETTINGS_URL/health" >/dev/null; do sleep 1; done
