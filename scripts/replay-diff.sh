#!/usr/bin/env bash
# Before/after proof for a change that must not alter replay's output: replays the same captures
# with two vigie jars and compares their `replay --json` records field by field.
#
#   scripts/replay-diff.sh [options] OLD.jar NEW.jar [PCAP-OR-DIR ...]
#   scripts/replay-diff.sh --compare OLD.jsonl NEW.jsonl        # two outputs already written
#
# Without PCAP-OR-DIR: the demo capture (made by NEW.jar's `vigie demo`, replayed with its
# site.yaml and windows.yaml) and every capture of ../shared/corpus/pcap. A directory stands for
# the .pcap/.pcapng/.cap files in it.
#
# Options:
#   --accept-credential-fix  an http_uri whose old value is the new one plus user:pass@ after the
#                            scheme counts as expected (issue 12 strips the userinfo), not as a
#                            difference
#   --demo DIR               replay DIR/demo.pcap with DIR/site.yaml and DIR/windows.yaml instead
#                            of making the demo (e.g. /work/baseline/demo-out)
#   --no-demo                leave the demo capture out
#   --keep DIR               keep both outputs of every file in DIR (OLD/NAME.jsonl, NEW/NAME.jsonl)
#
# Records compare in order, field by field, numbers as written (0.001675 is not 0.0016750); only
# the stats record's wall-clock fields are ignored: `seconds` and any rate. A file whose replay
# exits with another code, or whose error differs, differs. Prints per file `same` or the
# differing fields, then a summary line.
# Exit: 0 when every file gives the same records, 1 when one differs, 2 for bad usage.
set -euo pipefail

usage() {
  echo "usage:" >&2
  sed -n '5,6p' "$0" | sed 's/^#//' >&2
  exit 2
}

repo=$(cd "$(dirname "$0")/.." && pwd)
accept_fix=0
demo_dir=
demo=1
keep=
compare_only=0
positional=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --accept-credential-fix) accept_fix=1; shift ;;
    --demo) [[ $# -ge 2 ]] || usage; demo_dir=$2; shift 2 ;;
    --no-demo) demo=0; shift ;;
    --keep) [[ $# -ge 2 ]] || usage; keep=$2; shift 2 ;;
    --compare) compare_only=1; shift ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; positional+=("$@"); break ;;
    -*) echo "replay-diff: unknown option $1" >&2; usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
set -- "${positional[@]}"
[[ $# -ge 2 ]] || usage
command -v python3 >/dev/null || { echo "replay-diff: needs python3" >&2; exit 2; }

work=$(mktemp -d /tmp/replay-diff.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The comparator: python3 compare.py [--accept-credential-fix] OLD.jsonl NEW.jsonl. Prints one
# line per difference (and per accepted credential fix, prefixed "accepted:"); exit 0 when no
# difference is left, 1 otherwise.
cat >"$work/compare.py" <<'PY'
import json
import re
import sys

args = sys.argv[1:]
accept_fix = args[0] == "--accept-credential-fix"
if accept_fix:
    args = args[1:]
old_path, new_path = args

def num(text):
    # Numbers keep their text: a change of rounding or of decimals is a difference.
    return ("num", text)

def load(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line, parse_float=num, parse_int=num)
            except ValueError as e:
                print(f"{path}: line {i} is not JSON ({e}): {line.strip()[:200]}")
                sys.exit(1)
            if not isinstance(r, dict):
                print(f"{path}: line {i} is not a JSON object: {line.strip()[:200]}")
                sys.exit(1)
            records.append(r)
    return records

def show(v):
    if isinstance(v, tuple):
        return v[1]
    if isinstance(v, list):
        return "[" + ",".join(show(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + show(x) for k, x in v.items()) + "}"
    return json.dumps(v)

def endpoint(host, port):
    host = str(host)
    return ("[%s]:%s" if ":" in host else "%s:%s") % (host, show(port))

def describe(r):
    t = r.get("type", "?")
    if t == "session":
        return "session %s %s -> %s" % (r.get("community_id"), endpoint(r.get("orig_h"), r.get("orig_p")),
                                       endpoint(r.get("resp_h"), r.get("resp_p")))
    if t == "notice":
        return "notice %s %s" % (r.get("note"), r.get("id"))
    return str(t)

def timing(field):
    # Wall clock of the stats record: it measures the machine, not the capture.
    return field == "seconds" or "rate" in field or field.endswith("_per_second")

def without_userinfo(uri):
    # As evidence/SessionRecords.withoutUserInfo: scheme://user:pass@host/path -> scheme://host/path.
    if not isinstance(uri, str) or "://" not in uri:
        return uri
    host = uri.index("://") + 3
    slash = uri.find("/", host)
    at = uri.rfind("@", host, len(uri) if slash < 0 else slash)
    return uri[:host] + uri[at + 1:] if at >= host else uri

differences, accepted = [], []

def compare(record, prefix, o, n, stats):
    for name in sorted(set(o) | set(n)):
        if stats and not prefix and timing(name):
            continue
        field = prefix + name
        if name not in n:
            differences.append(f"{record}, field {field}: only in old, {show(o[name])}")
        elif name not in o:
            differences.append(f"{record}, field {field}: only in new, {show(n[name])}")
        elif isinstance(o[name], dict) and isinstance(n[name], dict):
            compare(record, field + ".", o[name], n[name], stats)
        elif o[name] != n[name]:
            line = f"{record}, field {field}: old {show(o[name])} new {show(n[name])}"
            if accept_fix and field == "http_uri" and without_userinfo(o[name]) == n[name]:
                accepted.append(line)
            else:
                differences.append(line)

old, new = load(old_path), load(new_path)
for i, (o, n) in enumerate(zip(old, new), 1):
    record = f"record {i} ({describe(o)})"
    if o.get("type") != n.get("type"):
        differences.append(f"{record}: new has {describe(n)}")
        continue
    compare(record, "", o, n, o.get("type") == "stats")
for i in range(len(new), len(old)):
    differences.append(f"record {i + 1} ({describe(old[i])}): only in old")
for i in range(len(old), len(new)):
    differences.append(f"record {i + 1} ({describe(new[i])}): only in new")
for line in differences:
    print(line)
for line in accepted:
    print("accepted: " + line)
sys.exit(1 if differences else 0)
PY

fix_flag=()
[[ $accept_fix -eq 1 ]] && fix_flag=(--accept-credential-fix)

if [[ $compare_only -eq 1 ]]; then
  [[ $# -eq 2 && -f $1 && -f $2 ]] || { echo "replay-diff: --compare needs two JSON Lines files" >&2; exit 2; }
  if python3 "$work/compare.py" "${fix_flag[@]}" "$1" "$2"; then
    echo "replay-diff: same"
    exit 0
  fi
  echo "replay-diff: different"
  exit 1
fi

old_jar=$1
new_jar=$2
shift 2
for jar in "$old_jar" "$new_jar"; do
  [[ -f $jar ]] || { echo "replay-diff: no such jar: $jar" >&2; exit 2; }
done

# Each entry: a capture and the replay options it needs (the demo's site and windows).
captures=()
options=()
add_capture() {
  captures+=("$1")
  options+=("${2:-}")
}

if [[ $# -eq 0 ]]; then
  if [[ $demo -eq 1 ]]; then
    if [[ -z $demo_dir ]]; then
      demo_dir=$work/demo-out
      # The demo writes the same bytes every run; it may leave the appliance jar (issue 12), in
      # which case the old jar's generator makes the same capture.
      if ! java -jar "$new_jar" demo --out "$demo_dir" >"$work/demo.log" 2>&1; then
        echo "replay-diff: $new_jar has no working demo ($(tail -n 1 "$work/demo.log")); using $old_jar's" >&2
        rm -rf "$demo_dir"
        java -jar "$old_jar" demo --out "$demo_dir" >"$work/demo.log" 2>&1 \
          || { echo "replay-diff: neither jar made the demo: $(tail -n 1 "$work/demo.log")" >&2; exit 2; }
      fi
    fi
    for f in demo.pcap site.yaml windows.yaml; do
      [[ -f $demo_dir/$f ]] || { echo "replay-diff: no $demo_dir/$f" >&2; exit 2; }
    done
    add_capture "$demo_dir/demo.pcap" "--config $demo_dir/site.yaml --windows $demo_dir/windows.yaml"
  fi
  set -- "$repo/../shared/corpus/pcap"
  [[ -d $1 ]] || { echo "replay-diff: no shared corpus at $1" >&2; exit 2; }
fi
for arg in "$@"; do
  if [[ -d $arg ]]; then
    found=0
    while IFS= read -r f; do
      add_capture "$f"
      found=1
    done < <(find "$arg" -maxdepth 1 -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort)
    [[ $found -eq 1 ]] || { echo "replay-diff: no capture in $arg" >&2; exit 2; }
  elif [[ -f $arg ]]; then
    add_capture "$arg"
  else
    echo "replay-diff: no such capture or directory: $arg" >&2
    exit 2
  fi
done

# Small heap and quick JIT: each replay is a short run, and the two jars run side by side.
java_opts=(${REPLAY_DIFF_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1})

# replay JAR OUT_PREFIX OPTIONS CAPTURE: stdout, stderr and exit code into OUT_PREFIX.{jsonl,err,rc}.
replay() {
  local jar=$1 prefix=$2 opts=$3 capture=$4 rc=0
  # shellcheck disable=SC2086 # the options are words of our own making (paths without spaces)
  java "${java_opts[@]}" -jar "$jar" replay --json $opts "$capture" >"$prefix.jsonl" 2>"$prefix.err" || rc=$?
  echo "$rc" >"$prefix.rc"
}

echo "replay-diff: old $old_jar, new $new_jar, ${#captures[@]} captures"
same=0
different=0
fixes=0
total_differences=0
for i in "${!captures[@]}"; do
  capture=${captures[$i]}
  name=$(basename "$capture")
  dir=$work/$i
  mkdir -p "$dir"
  replay "$old_jar" "$dir/old" "${options[$i]}" "$capture" &
  old_pid=$!
  replay "$new_jar" "$dir/new" "${options[$i]}" "$capture" &
  new_pid=$!
  wait "$old_pid" "$new_pid"
  report=()
  if [[ $(cat "$dir/old.rc") != "$(cat "$dir/new.rc")" ]]; then
    report+=("exit code: old $(cat "$dir/old.rc") new $(cat "$dir/new.rc")")
  fi
  if [[ $(cat "$dir/old.rc") != 0 || $(cat "$dir/new.rc") != 0 ]] && ! cmp -s "$dir/old.err" "$dir/new.err"; then
    report+=("error: old '$(tail -n 1 "$dir/old.err")' new '$(tail -n 1 "$dir/new.err")'")
  fi
  python3 "$work/compare.py" "${fix_flag[@]}" "$dir/old.jsonl" "$dir/new.jsonl" >"$dir/diff" || true
  n_accepted=$(grep -c '^accepted: ' "$dir/diff" || true)
  while IFS= read -r line; do
    report+=("$line")
  done < <(grep -v '^accepted: ' "$dir/diff" || true)
  if [[ -n $keep ]]; then
    mkdir -p "$keep/OLD" "$keep/NEW"
    cp "$dir/old.jsonl" "$keep/OLD/$name.jsonl"
    cp "$dir/new.jsonl" "$keep/NEW/$name.jsonl"
  fi
  fixes=$((fixes + n_accepted))
  if [[ ${#report[@]} -eq 0 ]]; then
    same=$((same + 1))
    if [[ $n_accepted -gt 0 ]]; then
      printf '%-45s same (%d accepted credential fix)\n' "$name" "$n_accepted"
    else
      printf '%-45s same\n' "$name"
    fi
  else
    different=$((different + 1))
    total_differences=$((total_differences + ${#report[@]}))
    if [[ ${#report[@]} -eq 1 ]]; then
      printf '%-45s 1 difference\n' "$name"
    else
      printf '%-45s %d differences\n' "$name" "${#report[@]}"
    fi
    # A replay that fails outright differs in every record: the first lines tell why.
    printf '    %s\n' "${report[@]:0:20}"
    if [[ ${#report[@]} -gt 20 ]]; then
      echo "    ... $((${#report[@]} - 20)) more (--keep DIR keeps both outputs)"
    fi
  fi
done
echo "replay-diff: ${#captures[@]} captures, $same same, $different different ($total_differences differences), $fixes accepted credential fixes"
[[ $different -eq 0 ]]
