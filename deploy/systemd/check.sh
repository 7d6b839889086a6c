#!/bin/sh
# Checks deploy/systemd/vigie.service: `systemd-analyze verify`, then the exposure score of
# `systemd-analyze security --offline=true`, printed, and fails above the limit (default 2.0).
#
#   deploy/systemd/check.sh [unit-file] [max-exposure]
#
# Needs systemd-analyze (Debian package systemd, >= 252 for --offline). Works without a running
# systemd (containers, CI): both commands only read the unit. If the unit's ExecStart binary is
# not installed here (e.g. no JDK at /usr/bin/java), a copy of the unit pointing at a stub is
# checked instead, since verify refuses a missing executable.
set -eu

unit=${1:-$(dirname "$0")/vigie.service}
max=${2:-2.0}

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "check.sh: systemd-analyze not found (apt-get install systemd)" >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$unit")
cp "$unit" "$work/$name"

exe=$(sed -n 's/^ExecStart=[-@:+!]*\([^ ]*\).*/\1/p' "$unit" | head -n 1)
if [ -n "$exe" ] && [ ! -x "$exe" ]; then
  printf '#!/bin/sh\nexit 0\n' > "$work/stub"
  chmod 755 "$work/stub"
  sed -i "s|^ExecStart=\([-@:+!]*\)$exe|ExecStart=\1$work/stub|" "$work/$name"
  echo "note: $exe is not installed here; verifying with a stub in its place"
fi

echo "== systemd-analyze verify $name"
# verify prints problems and exits non-zero on errors; a warning line also counts as a failure.
out=$(systemd-analyze verify "$work/$name" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
echo "ok"

echo "== systemd-analyze security --offline=true $name"
report=$(systemd-analyze security --offline=true --no-pager "$work/$name" 2>&1) || true
echo "$report" | grep '✗' || true
exposure=$(echo "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -z "$exposure" ]; then
  echo "$report"
  echo "check.sh: no exposure level in the report" >&2
  exit 1
fi
echo "exposure: $exposure (limit $max)"
if awk -v e="$exposure" -v m="$max" 'BEGIN { exit !(e > m) }'; then
  echo "check.sh: exposure $exposure is above $max" >&2
  exit 1
fi
