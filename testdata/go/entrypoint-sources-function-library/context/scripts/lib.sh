# Helpers for the entrypoint, read with '.'.
log() { echo "[entrypoint] $*" >&2; }
wait_for() {
	until nc -z "$1" "$2"; do sleep 1; done
}
