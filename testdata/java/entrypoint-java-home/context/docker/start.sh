#!/bin/sh
set -e

JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAMPercentage=75}"

# The JDK's own java, not whatever is first on PATH.
exec "$JAVA_HOME/bin/java" $JAVA_OPTS -cp /opt/ledger/target/ledger-1.4.0.jar ledger.Main "$@"
