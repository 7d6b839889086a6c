#!/usr/bin/env bash
# Sustained live capture of `vigie run` beside tcpdump's: the generated video workload is replayed
# with tcpreplay onto a veth pair between two network namespaces this script creates (and deletes),
# looped at a fixed rate for a fixed time, while vigie and tcpdump capture the same end of the veth
# at the same time. A capture sustained a rate when it received every packet tcpreplay sent, with
# no kernel drop (its ring full: libpcap's ps_drop) and no interface drop (ps_ifdrop).
#
#   scripts/live-bench.sh --sustained --mbps 2400 [--seconds 60]   # one trial
#   scripts/live-bench.sh --search [--seconds 60]                  # a ladder of rates, then bisection
#
# Options (root; needs tcpreplay, tcpdump, curl, java, ip, taskset):
#   --workload FILE     pcap to replay (default target/live/video.pcap, generated on first use by
#                       `vigie bench replay --workload video --packets 600000 --keep`)
#   --buffer-mib N      ring of each capture: vigie's capture.buffer_bytes and tcpdump's -B
#                       (default 128, vigie's default)
#   --rates "R ..."     --search's ladder in Mbit/s (default "600 1200 2400 3600 4800"): it stops at
#                       the first rate vigie loses packets at, or tcpreplay falls 5 % short of, then
#                       bisects down to --resolution Mbit/s (default 200), --max-trials in all (8)
#   --results FILE      a TSV row per trial is appended there (default target/live/trials.tsv)
#   --generator-cpu N   the core tcpreplay is pinned to (default 0); vigie and tcpdump are pinned to
#                       the others (--pin off leaves them free)
#   --generators N      tcpreplay processes sharing the rate, on cores N.. (default 1)
#   --without-tcpdump   vigie alone on the link (one packet socket fewer for the kernel to fill)
#   --timeline FILE     vigie's received and kernel-dropped counts each second of the replay
#   --rps on            spread the veth's receive work over the capture cores (default off: on a VM
#                       its inter-processor interrupts cost more than they save)
#
# Each trial is a fresh process: namespaces, vigie and tcpdump are started for it and gone after.
# TRIAL_WRAPPER, when set, is put before each trial's command in --search (e.g. a script that keeps
# the machine quiet for the trial). CPU is utime+stime from /proc (vigie's process, its capture
# thread alone, tcpdump) over the replay, per second of tcpreplay's sending time.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${JAR:-target/vigie.jar}
TOOLS=${TOOLS:-target/vigie-tools.jar} # the workload generator (bench) is a tool
MODE=
SECONDS_=60
MBPS=
WORKLOAD=target/live/video.pcap
BUFFER_MIB=128
GEN_CPU=0
RPS=off
PIN=on
GENERATORS=1
TCPDUMP=on
TIMELINE=
RATES="600 1200 2400 3600 4800"
RESOLUTION=200
MAX_TRIALS=8
RESULTS=target/live/trials.tsv

die() { echo "live-bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --sustained) MODE=sustained ;;
    --search) MODE=search ;;
    --seconds) SECONDS_=$2; shift ;;
    --mbps) MBPS=$2; shift ;;
    --workload) WORKLOAD=$2; shift ;;
    --buffer-mib) BUFFER_MIB=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --resolution) RESOLUTION=$2; shift ;;
    --max-trials) MAX_TRIALS=$2; shift ;;
    --results) RESULTS=$2; shift ;;
    --generator-cpu) GEN_CPU=$2; shift ;;
    --rps) RPS=$2; shift ;;
    --pin) PIN=$2; shift ;;
    --generators) GENERATORS=$2; shift ;;
    --without-tcpdump) TCPDUMP=off ;;
    --timeline) TIMELINE=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
[ -n "$MODE" ] || die "give --sustained --mbps R or --search (see --help)"
[ "$MODE" = search ] || [[ "$MBPS" =~ ^[0-9]+$ ]] || die "--sustained needs --mbps R (Mbit/s, an integer)"
[[ "$SECONDS_" =~ ^[0-9]+$ ]] && [ "$SECONDS_" -ge 5 ] || die "--seconds must be an integer >= 5"
[[ "$BUFFER_MIB" =~ ^[0-9]+$ ]] && [ "$BUFFER_MIB" -ge 1 ] && [ "$BUFFER_MIB" -le 2047 ] \
  || die "--buffer-mib must be 1..2047"

for tool in tcpreplay tcpdump curl java ip getconf taskset; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
[ -f "$JAR" ] && [ -f "$TOOLS" ] || die "$JAR or $TOOLS missing; run mvn -q package -DskipTests"

if [ ! -f "$WORKLOAD" ]; then
  mkdir -p "$(dirname "$WORKLOAD")"
  echo "generating the video workload into $WORKLOAD..." >&2
  java -jar "$TOOLS" bench replay --workload video --packets 600000 --runs 1 --keep "$WORKLOAD" >&2
fi
mkdir -p "$(dirname "$RESULTS")"
[ -s "$RESULTS" ] || printf '%s\n' "$(printf '%s\t' when asked_mbps seconds reached_mbps sent \
  vigie_rx vigie_kernel_drop vigie_if_drop vigie_cpu_per_s vigie_capture_thread_cpu_per_s \
  tcpdump_rx tcpdump_kernel_drop tcpdump_if_drop tcpdump_cpu_per_s buffer_mib vigie_ok tcpdump_ok backlog_drops \
  | sed 's/\t$//')" >"$RESULTS"

# --search: trials as separate processes (each may be wrapped), then the verdicts read back.
if [ "$MODE" = search ]; then
  trial() { # rate -> sets V_OK, T_OK, REACHED from the trial's row
    local rate=$1 before
    before=$(wc -l <"$RESULTS")
    # shellcheck disable=SC2086 # the wrapper is a command line
    ${TRIAL_WRAPPER:-} "$0" --sustained --mbps "$rate" --seconds "$SECONDS_" --workload "$WORKLOAD" \
      --buffer-mib "$BUFFER_MIB" --results "$RESULTS" --generator-cpu "$GEN_CPU" --rps "$RPS" \
      --pin "$PIN" --generators "$GENERATORS" $([ "$TCPDUMP" = on ] || echo --without-tcpdump) || true
    [ "$(wc -l <"$RESULTS")" -gt "$before" ] || die "the trial at $rate Mbit/s wrote no result"
    local row
    row=$(tail -n 1 "$RESULTS")
    REACHED=$(cut -f4 <<<"$row")
    V_OK=$(cut -f16 <<<"$row")
    T_OK=$(cut -f17 <<<"$row")
    TRIALS=$((TRIALS + 1))
  }
  TRIALS=0
  pass=0 fail=0 best_v=0 best_t=0 short=no
  note() { # the highest rate reached in a trial each capture sustained
    [ "$V_OK" = yes ] && best_v=$(awk -v a="$best_v" -v b="$REACHED" 'BEGIN { print (b > a ? b : a) }')
    [ "$T_OK" = yes ] && best_t=$(awk -v a="$best_t" -v b="$REACHED" 'BEGIN { print (b > a ? b : a) }')
    true
  }
  for rate in $RATES; do
    trial "$rate"
    note
    if [ "$V_OK" = yes ]; then pass=$rate; else fail=$rate; break; fi
    # tcpreplay could not go faster on this machine: a higher rate would measure tcpreplay
    if awk -v r="$REACHED" -v a="$rate" 'BEGIN { exit !(r < 0.95 * a) }'; then short=yes; break; fi
  done
  while [ "$fail" -gt 0 ] && [ $((fail - pass)) -gt "$RESOLUTION" ] && [ "$TRIALS" -lt "$MAX_TRIALS" ]; do
    rate=$(( (pass + fail) / 2 / 50 * 50 ))
    [ "$rate" -le "$pass" ] && break
    trial "$rate"
    note
    if [ "$V_OK" = yes ]; then pass=$rate; else fail=$rate; fi
  done
  echo "highest rate reached in ${SECONDS_}-s trials with nothing lost: vigie ${best_v} Mbit/s," \
    "tcpdump ${best_t} Mbit/s (asked: highest sustained by vigie ${pass}, lowest lost ${fail})"
  [ "$short" = no ] || echo "tcpreplay could not send faster than ${REACHED} Mbit/s here: that is the bench's ceiling"
  echo "rows in $RESULTS"
  exit 0
fi

# --sustained: one trial.
TAG=$$
NS_CAP=vigie-live-cap-$TAG
NS_GEN=vigie-live-gen-$TAG
IF_CAP=vlcap$TAG
IF_GEN=vlgen$TAG
PORT=19309
WORK=$(mktemp -d /tmp/vigie-live-bench.XXXXXX)
VIGIE_PID=
TCPDUMP_PID=
HZ=$(getconf CLK_TCK)

cleanup() {
  [ -n "$TCPDUMP_PID" ] && kill -INT "$TCPDUMP_PID" 2>/dev/null && wait "$TCPDUMP_PID" 2>/dev/null || true
  [ -n "$VIGIE_PID" ] && kill -TERM "$VIGIE_PID" 2>/dev/null && wait "$VIGIE_PID" 2>/dev/null || true
  ip netns del "$NS_CAP" 2>/dev/null || true
  ip netns del "$NS_GEN" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Both namespaces are new: no address, no IPv6 (its router and neighbour solicitations would be
# counted as received), and nothing but the replay on the link.
ip netns add "$NS_CAP"
ip netns add "$NS_GEN"
for ns in "$NS_CAP" "$NS_GEN"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add "$IF_CAP" netns "$NS_CAP" type veth peer name "$IF_GEN" netns "$NS_GEN"
ip -n "$NS_CAP" link set lo up
ip -n "$NS_CAP" link set "$IF_CAP" up
ip -n "$NS_GEN" link set "$IF_GEN" up
# tcpreplay's core sends; the capture side's kernel work (the veth's receive backlog, where the
# packet sockets' rings are filled) goes to the other cores by RPS, as a NIC's interrupts would.
NCPU=$(getconf _NPROCESSORS_ONLN)
if [ "$NCPU" -gt 1 ] && [ "$RPS" = on ]; then
  mask=$(printf '%x' $(( ((1 << NCPU) - 1) & ~(1 << GEN_CPU) )))
  ip netns exec "$NS_CAP" sh -c "echo $mask >/sys/class/net/$IF_CAP/queues/rx-0/rps_cpus"
fi

BUFFER_BYTES=$((BUFFER_MIB << 20))
cat >"$WORK/site.yaml" <<EOF
site: { name: live-bench }
capture: { interfaces: [$IF_CAP], buffer_bytes: $BUFFER_BYTES }
state_dir: state
metrics: { listen: "127.0.0.1:$PORT" }
EOF

metric() { # sum of the samples of a metric family matching a pattern
  ip netns exec "$NS_CAP" curl -s "http://127.0.0.1:$PORT/metrics" \
    | awk -v pat="$1" '$0 ~ "^"pat { s += $NF } END { printf "%d\n", s }'
}
vigie_counts() { # received kernel-drops interface-drops
  echo "$(metric 'vigie_capture_packets_total') $(metric 'vigie_capture_dropped_packets_total\{[^}]*by="kernel"') $(metric 'vigie_capture_dropped_packets_total\{[^}]*by="interface"')"
}
ticks() { # utime+stime of a process or task, from its stat file (fields 14 and 15)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1" 2>/dev/null || echo 0
}
softnet_drops() { # packets the kernel's receive backlogs dropped, every CPU (before any capture)
  local s=0 d
  for d in $(awk '{ print $2 }' /proc/net/softnet_stat); do s=$((s + 16#$d)); done
  echo "$s"
}
capture_ticks() { # the vigie-capture-* threads of vigie
  local t s=0 comm
  for t in /proc/"$VIGIE_PID"/task/*; do
    comm=$(cat "$t/comm" 2>/dev/null || true)
    [[ "$comm" == vigie-capture* ]] && s=$((s + $(ticks "$t/stat")))
  done
  echo "$s"
}

CAP_PIN=
if [ "$NCPU" -gt 1 ] && [ "$PIN" = on ] && [ "$GENERATORS" -lt "$NCPU" ]; then
  CAP_PIN="taskset -c $(seq -s, 0 $((NCPU - 1)) | tr ',' '\n' | grep -vx "$GEN_CPU" | paste -sd,)"
fi
# As the appliance's unit runs it (deploy/systemd/vigie.service).
ip netns exec "$NS_CAP" $CAP_PIN java -XX:+ExitOnOutOfMemoryError -jar "$JAR" run --config "$WORK/site.yaml" \
  2>"$WORK/vigie.log" &
VIGIE_PID=$!
for _ in $(seq 1 240); do
  ip netns exec "$NS_CAP" curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$VIGIE_PID" 2>/dev/null || { cat "$WORK/vigie.log" >&2; die "vigie did not start"; }
  sleep 0.5
done
: >"$WORK/tcpdump.err"
if [ "$TCPDUMP" = on ]; then
  ip netns exec "$NS_CAP" $CAP_PIN tcpdump -n -i "$IF_CAP" -B $((BUFFER_BYTES >> 10)) -w /dev/null 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  for _ in $(seq 1 100); do grep -q 'listening on' "$WORK/tcpdump.err" && break; sleep 0.1; done
fi
sleep 1

read -r v_rx0 v_kd0 v_id0 <<<"$(vigie_counts)"
v_cpu0=$(ticks /proc/$VIGIE_PID/stat)
v_cap0=$(capture_ticks)
t_cpu0=$([ -z "$TCPDUMP_PID" ] && echo 0 || ticks /proc/$TCPDUMP_PID/stat)
b0=$(softnet_drops)
grep '^cpu[0-9]' /proc/stat >"$WORK/stat0"
SAMPLER=
if [ -n "$TIMELINE" ]; then
  ( start=$(date +%s.%N)
    while sleep 1; do
      printf '%s %s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" \
        "$(vigie_counts)"
    done ) >"$TIMELINE" &
  SAMPLER=$!
fi
# GENERATORS tcpreplay processes, each at its share of the rate, generator i on core GEN_CPU+i.
gen_pids=()
for g in $(seq 0 $((GENERATORS - 1))); do
  ip netns exec "$NS_GEN" taskset -c $(((GEN_CPU + g) % NCPU)) tcpreplay -K \
    --mbps "$(awk -v r="$MBPS" -v n="$GENERATORS" 'BEGIN { printf "%.2f", r / n }')" \
    --loop 0 --duration "$SECONDS_" -i "$IF_GEN" "$WORKLOAD" >"$WORK/tcpreplay.$g.out" 2>&1 &
  gen_pids+=($!)
done
for g in "${!gen_pids[@]}"; do
  wait "${gen_pids[$g]}" || { cat "$WORK/tcpreplay.$g.out" >&2; die "tcpreplay failed"; }
done
b1=$(softnet_drops)
[ -z "$SAMPLER" ] || kill "$SAMPLER"
grep '^cpu[0-9]' /proc/stat >"$WORK/stat1"
v_cpu1=$(ticks /proc/$VIGIE_PID/stat)
v_cap1=$(capture_ticks)
t_cpu1=$([ -z "$TCPDUMP_PID" ] && echo 0 || ticks /proc/$TCPDUMP_PID/stat)

# vigie publishes its counters once a second from the capture thread, which returns from its
# read at least every 100 ms on a quiet link: wait until two scrapes agree.
prev=
for _ in $(seq 1 20); do
  sleep 1.2
  now=$(vigie_counts)
  [ "$now" = "$prev" ] && break
  prev=$now
done
read -r v_rx1 v_kd1 v_id1 <<<"$now"
if [ -n "$TCPDUMP_PID" ]; then
  kill -INT "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true
  TCPDUMP_PID=
fi

# Summed over the generators; the time is the longest one's.
sent=$(cat "$WORK"/tcpreplay.*.out | awk '/^Actual: / { s += $2 } END { print s + 0 }')
reached=$(cat "$WORK"/tcpreplay.*.out | awk '/^Rated: / { for (i = 1; i < NF; i++) if ($(i + 1) ~ /^Mbps/) s += $i } END { printf "%.2f", s }')
grep -q '^Actual: ' "$WORK/tcpreplay.0.out" || { cat "$WORK"/tcpreplay.*.out >&2; die "cannot read tcpreplay's counts"; }
v_rx=$((v_rx1 - v_rx0)); v_kd=$((v_kd1 - v_kd0)); v_id=$((v_id1 - v_id0))
# "captured", not "received by filter": libpcap's ps_recv counts the packets the ring dropped too.
t_rx=$(awk '/packets captured/ {print $1}' "$WORK/tcpdump.err")
t_kd=$(awk '/packets dropped by kernel/ {print $1}' "$WORK/tcpdump.err")
t_id=$(awk '/packets dropped by interface/ {print $1}' "$WORK/tcpdump.err")
t_rx=${t_rx:-0}; t_kd=${t_kd:-0}; t_id=${t_id:-0}
# CPU per second of sending (tcpreplay's own figure: its preloading of the file is left out).
wall=$(cat "$WORK"/tcpreplay.*.out | sed -n 's/^Actual: .* sent in \([0-9.]*\) seconds.*/\1/p' | sort -g | tail -1)
backlog=$((b1 - b0))
per_s() { awk -v t="$1" -v hz="$HZ" -v w="$wall" 'BEGIN { printf "%.3f", t / hz / w }'; }
v_cpu=$(per_s $((v_cpu1 - v_cpu0)))
v_cap=$(per_s $((v_cap1 - v_cap0)))
t_cpu=$(per_s $((t_cpu1 - t_cpu0)))
v_ok=no; t_ok=no
[ "$v_kd" -eq 0 ] && [ "$v_id" -eq 0 ] && [ "$v_rx" -ge "$sent" ] && v_ok=yes
[ "$t_kd" -eq 0 ] && [ "$t_id" -eq 0 ] && [ "$t_rx" -ge "$sent" ] && t_ok=yes
[ "$TCPDUMP" = on ] || { t_rx=-; t_kd=-; t_id=-; t_cpu=-; t_ok=-; }

printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
  "$(date -u +%FT%TZ)" "$MBPS" "$SECONDS_" "$reached" "$sent" "$v_rx" "$v_kd" "$v_id" "$v_cpu" \
  "$v_cap" "$t_rx" "$t_kd" "$t_id" "$t_cpu" "$BUFFER_MIB" "$v_ok" "$t_ok" "$backlog" >>"$RESULTS"
printf 'asked %s Mbit/s for %s s, tcpreplay reached %s Mbit/s, %s packets sent\n' \
  "$MBPS" "$SECONDS_" "$reached" "$sent"
printf '  vigie:   %s received, %s kernel drops, %s interface drops, CPU %s s/s (capture thread %s) -> %s\n' \
  "$v_rx" "$v_kd" "$v_id" "$v_cpu" "$v_cap" "$([ $v_ok = yes ] && echo sustained || echo LOST)"
# Where each core's time went during the replay (user, system, softirq, idle, steal).
paste "$WORK/stat0" "$WORK/stat1" | awk '{
  n = NF / 2; t = 0; for (i = 2; i <= n; i++) { d[i] = $(i + n) - $i; t += d[i] }
  if (t > 0) printf "  %s: user %.0f%%, system %.0f%%, softirq %.0f%%, idle %.0f%%, steal %.0f%%\n",
    $1, 100 * (d[2] + d[3]) / t, 100 * d[4] / t, 100 * d[8] / t, 100 * (d[5] + d[6]) / t, 100 * d[9] / t
}'
[ "$backlog" -eq 0 ] || printf '  (the kernel dropped %s packets before any capture: receive backlog full)\n' "$backlog"
[ "$TCPDUMP" = off ] || printf '  tcpdump: %s received, %s kernel drops, %s interface drops, CPU %s s/s -> %s\n' \
  "$t_rx" "$t_kd" "$t_id" "$t_cpu" "$([ $t_ok = yes ] && echo sustained || echo LOST)"
