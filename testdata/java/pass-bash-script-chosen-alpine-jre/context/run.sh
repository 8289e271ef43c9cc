#!/bin/bash
set -euo pipefail
exec java ${JAVA_OPTS:-} -jar target/demo-0.0.1-SNAPSHOT.jar "$@"
