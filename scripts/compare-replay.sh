#!/usr/bin/env bash
# Replay speed of two builds, measured as issue 19 asks: whole process (JVM start included), runs
# of the two jars interleaved so that a machine's drift hits both alike, and the MEDIAN of wall and
# CPU (user + system) time, never the best run.
#   scripts/compare-replay.sh OLD.jar NEW.jar CAPTURE.pcap [RUNS]
# Prints one line per run and a summary; nothing else is written.
set -euo pipefail
old=${1:?old jar} new=${2:?new jar} pcap=${3:?capture} runs=${4:-5}
declare -a wall_old wall_new cpu_old cpu_new
for ((i = 0; i < runs; i++)); do
  for which in old new; do
    jar=$old; [[ $which == new ]] && jar=$new
    out=$( { /usr/bin/time -f '%e %U %S' java -Xmx512m -jar "$jar" replay --json "$pcap" > /dev/null; } 2>&1 | tail -1)
    read -r w u s <<< "$out"
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
    echo "run $((i + 1)) $which: wall ${w}s cpu ${cpu}s"
    if [[ $which == old ]]; then wall_old+=("$w"); cpu_old+=("$cpu"); else wall_new+=("$w"); cpu_new+=("$cpu"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "median of $runs interleaved runs: old wall $(median "${wall_old[@]}")s cpu $(median "${cpu_old[@]}")s;" \
  "new wall $(median "${wall_new[@]}")s cpu $(median "${cpu_new[@]}")s"
