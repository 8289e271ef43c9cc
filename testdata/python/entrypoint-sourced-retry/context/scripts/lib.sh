# Helpers the start script reads in.

log() {
	echo "[start] $*" >&2
}

# with_retries runs a command until it succeeds, ten times at most.
with_retries() {
	tries=0
	while ! "$@"; do
		tries=$((tries + 1))
		if [ "$tries" -ge 10 ]; then
			log "giving up: $*"
			return 1
		fi
		sleep 3
	done
}
