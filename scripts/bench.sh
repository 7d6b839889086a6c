#!/bin/sh
# Builds vigie and runs the replay benchmark: a generated video-network workload timed through
# `vigie replay --json`, `ndpiReader -q` and `tshark -z io,phs`, three runs each, best wall time.
# Needs: a JDK 17, Maven, and the Debian packages time, libndpi-bin and tshark.
# Arguments go to `vigie bench replay`, e.g.: scripts/bench.sh --packets 2500000 --cameras 300 --keep target/workload.pcap
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
exec java -jar target/vigie-tools.jar bench replay "$@"
