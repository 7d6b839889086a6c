#!/usr/bin/env bash
# Live capture rate of `vigie run` beside tcpdump's, on a veth pair between two network
# namespaces: a generated video workload is replayed with tcpreplay at rising rates, and each
# rate counts as sustained when the capture lost nothing (libpcap's kernel and interface drops,
# read from vigie's /metrics; tcpdump's "dropped by kernel") and received every packet sent.
#
#   scripts/live-bench.sh [WORKLOAD.pcap]          # root; needs tcpreplay, tcpdump, curl, java
#   RATES="100 200 400" PACKETS=100000 scripts/live-bench.sh
#
# Without a workload, one is generated with `vigie bench replay --keep` (which also times the
# offline readers once). Addresses exist only inside the namespaces, deleted on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${JAR:-target/vigie.jar}
TOOLS=${TOOLS:-target/vigie-tools.jar} # the workload generator (bench) is a tool, not in the appliance
RATES=${RATES:-"50 100 200 400 800 1600"}
PACKETS=${PACKETS:-200000}
NS_CAP=vigie-bench-cap-$$
NS_GEN=vigie-bench-gen-$$
IF_CAP=vbcap$$
IF_GEN=vbgen$$
PORT=19309
WORK=$(mktemp -d /tmp/vigie-live-bench.XXXXXX)
VIGIE_PID=

cleanup() {
  [ -n "$VIGIE_PID" ] && kill -TERM "$VIGIE_PID" 2>/dev/null && wait "$VIGIE_PID" 2>/dev/null || true
  ip netns del "$NS_CAP" 2>/dev/null || true
  ip netns del "$NS_GEN" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in tcpreplay tcpdump curl java ip; do
  command -v "$tool" >/dev/null || { echo "live-bench: $tool is not installed" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "live-bench: needs root (network namespaces)" >&2; exit 2; }
[ -f "$JAR" ] && [ -f "$TOOLS" ] || { echo "live-bench: $JAR or $TOOLS missing; run mvn -q package -DskipTests" >&2; exit 2; }

WORKLOAD=${1:-}
if [ -z "$WORKLOAD" ]; then
  WORKLOAD=$WORK/workload.pcap
  echo "generating a workload of at least $PACKETS packets..." >&2
  java -jar "$TOOLS" bench replay --keep "$WORKLOAD" --packets "$PACKETS" --runs 1 >/dev/null
fi
SENT_PACKETS=$(tcpdump -nr "$WORKLOAD" 2>/dev/null | wc -l)

ip netns add "$NS_CAP"
ip netns add "$NS_GEN"
ip link add "$IF_CAP" netns "$NS_CAP" type veth peer name "$IF_GEN" netns "$NS_GEN"
ip -n "$NS_CAP" link set lo up
ip -n "$NS_CAP" link set "$IF_CAP" up
ip -n "$NS_GEN" link set "$IF_GEN" up

cat >"$WORK/site.yaml" <<EOF
site: { name: live-bench }
capture: { interfaces: [$IF_CAP], buffer_bytes: 33554432 }
state_dir: state
metrics: { listen: "127.0.0.1:$PORT" }
EOF

metric() { # sum of the samples of a metric family matching a label filter
  ip netns exec "$NS_CAP" curl -s "http://127.0.0.1:$PORT/metrics" \
    | awk -v pat="$1" '$0 ~ "^"pat { s += $NF } END { printf "%d\n", s }'
}

replay() { # rate in Mbit/s; sets ACHIEVED to the rate tcpreplay reports it reached
  local out
  out=$(ip netns exec "$NS_GEN" tcpreplay --mbps "$1" -i "$IF_GEN" "$WORKLOAD" 2>&1)
  ACHIEVED=$(printf '%s\n' "$out" | sed -n 's/.*Rated: .*, \([0-9.]*\) Mbps.*/\1/p' | head -1)
}

# vigie refreshes its counters at most once a second, from its capture thread, which only wakes
# for a packet (libpcap's TPACKET_V3 read blocks until one comes): a few slow packets more than a
# second after the burst make it publish the burst's final counts.
NUDGE=5
nudge() {
  sleep 1.2
  ip netns exec "$NS_GEN" tcpreplay -q --pps 20 -L "$NUDGE" -i "$IF_GEN" "$WORKLOAD" >/dev/null 2>&1
  sleep 1.2
  ip netns exec "$NS_GEN" tcpreplay -q --pps 20 -L "$NUDGE" -i "$IF_GEN" "$WORKLOAD" >/dev/null 2>&1
}

ip netns exec "$NS_CAP" java -jar "$JAR" run --config "$WORK/site.yaml" 2>"$WORK/vigie.log" &
VIGIE_PID=$!
for _ in $(seq 1 120); do
  ip netns exec "$NS_CAP" curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

printf '%-8s %-36s %-36s\n' "asked" "vigie: reached Mbit/s rx/dropped" "tcpdump: reached Mbit/s rx/dropped"
best_vigie=0
best_tcpdump=0
for rate in $RATES; do
  nudge # vigie also saw the previous tcpdump round: let it publish that first
  before_rx=$(metric 'vigie_capture_packets_total')
  before_drop=$(metric 'vigie_capture_dropped_packets_total\{[^}]*by="(kernel|interface)"')
  replay "$rate"
  vigie_rate=$ACHIEVED
  nudge
  rx=$(( $(metric 'vigie_capture_packets_total') - before_rx - 2 * NUDGE ))
  drop=$(( $(metric 'vigie_capture_dropped_packets_total\{[^}]*by="(kernel|interface)"') - before_drop ))

  ip netns exec "$NS_CAP" tcpdump -i "$IF_CAP" -B 32768 -w /dev/null 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  sleep 1
  replay "$rate"
  tcpdump_rate=$ACHIEVED
  sleep 1
  kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true
  td_rx=$(awk '/packets received by filter/ {print $1}' "$WORK/tcpdump.err")
  td_drop=$(awk '/packets dropped by kernel/ {print $1}' "$WORK/tcpdump.err")

  printf '%-8s %-36s %-36s\n' "$rate" "$vigie_rate $rx/$drop" "$tcpdump_rate $td_rx/$td_drop"
  if [ "$drop" -eq 0 ] && [ "$rx" -ge "$SENT_PACKETS" ]; then
    best_vigie=$vigie_rate
  fi
  if [ "${td_drop:-1}" -eq 0 ] && [ "${td_rx:-0}" -ge "$SENT_PACKETS" ]; then
    best_tcpdump=$tcpdump_rate
  fi
done
echo "workload: $WORKLOAD ($SENT_PACKETS packets)"
echo "highest rate reached with no drop and every packet received: vigie ${best_vigie} Mbit/s, tcpdump ${best_tcpdump} Mbit/s"
