#!/usr/bin/env bash
# Regenerates the golden captures of src/test/resources/io/vigie/golden/ from real programs:
# curl against python3's http.server (a GET, and proxy requests whose absolute-form URI carries a
# dummy user:pass@), OpenSSH, vsftpd with a throwaway user, tftpd-hpa, dnsmasq with dig, and
# openssl s_server/s_client with SNI. Everything runs in a network namespace of this script's own,
# on its loopback only, so the well-known ports are free and no other traffic gets in the files.
#
#   sudo scripts/make-golden-pcaps.sh [OUT_DIR]      # default: src/test/resources/io/vigie/golden
#
# The golden test never runs this: it replays the checked-in files. After regenerating, rewrite
# the golden JSON with
#   mvn -B -o -q test -Dtest=GoldenReplayTest -Dvigie.golden.update=true
# and review the diff (the README of the folder says what each file must show).
#
# Needs root (namespaces, bind mounts) and the packages of scripts/install-test-deps.sh.
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
  echo "make-golden-pcaps: needs root (network namespace, ports below 1024, bind mounts)" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/src/test/resources/io/vigie/golden}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for tool in ip tcpdump /usr/bin/python3 curl sshd ssh ssh-keygen vsftpd in.tftpd tftp dnsmasq dig openssl unshare; do
  command -v "$tool" >/dev/null || { echo "make-golden-pcaps: $tool is missing (scripts/install-test-deps.sh)" >&2; exit 2; }
done

ns=vigie-golden-$$
work=$(mktemp -d /tmp/vigie-golden.XXXXXX)
# tftpd and vsftpd drop privileges: they must be able to reach their directories below $work.
chmod 755 "$work"
pids=()

cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  # Anything still running in the namespace was started by this script.
  for p in $(ip netns pids "$ns" 2>/dev/null); do
    kill "$p" 2>/dev/null || true
  done
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
# tftp-hpa (client and server) resolves addresses with AI_ADDRCONFIG, which glibc answers "no
# IPv4" for a host whose only IPv4 address is 127.0.0.1: a second loopback address satisfies it.
ip -n "$ns" addr add 127.0.0.2/8 dev lo
inns() { ip netns exec "$ns" "$@"; }

# Starts a server in the namespace in the background; its output goes to $work/NAME.log.
serve() {
  local name=$1
  shift
  # Not through inns: a backgrounded function is a subshell, and $! would not be the server.
  ip netns exec "$ns" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}

# Waits until something listens on PROTO ADDR:PORT in the namespace (ss, at most 10 s).
await_listening() {
  local proto=$1 addr=$2 port=$3 i
  [[ $addr == *:* ]] && addr="[$addr]"
  for i in $(seq 100); do
    if inns ss -Hln --"$proto" "src $addr and sport = :$port" | grep -q .; then
      return 0
    fi
    sleep 0.1
  done
  echo "make-golden-pcaps: nothing listens on $proto $addr:$port; server logs:" >&2
  tail -n 5 "$work"/*.log >&2
  exit 1
}

capture_pid=
capture_file=
# Captures everything on the namespace's lo into $out/FILE (nothing else runs there).
capture_start() {
  local file=$1 i
  capture_file=$file
  rm -f "$out/$file"
  # -Z root: tcpdump would otherwise write as user tcpdump, who may not write to $out.
  ip netns exec "$ns" tcpdump -i lo -n -U -Z root -w "$out/$file" 2>"$work/$file.tcpdump.log" &
  capture_pid=$!
  for i in $(seq 100); do
    grep -q "listening on" "$work/$file.tcpdump.log" && return 0
    sleep 0.1
  done
  echo "make-golden-pcaps: tcpdump did not start: $(cat "$work/$file.tcpdump.log")" >&2
  exit 1
}

capture_stop() {
  # The servers' last FIN/ACK follow the client's exit by a few microseconds; let them land.
  sleep 1
  kill -INT "$capture_pid"
  wait "$capture_pid" || true
  echo "$capture_file: $(grep -E 'packets (captured|dropped by kernel)' "$work/$capture_file.tcpdump.log" | paste -sd ',')" >&2
}

echo "make-golden-pcaps: namespace $ns, work $work, out $out" >&2

# --- HTTP GET: curl against python3's http.server on port 80 -----------------------------------
mkdir -p "$work/www"
printf 'ntp=127.0.0.123\nrtsp=on\nonvif=on\n' >"$work/www/cam-001.cfg"
serve http /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/www" 80
await_listening tcp 127.0.0.1 80
capture_start http-curl-get.pcap
inns curl -sS --max-time 10 -o /dev/null http://127.0.0.1/cam-001.cfg
capture_stop

# --- HTTP through a proxy, with a dummy user:pass@ in the absolute-form URI --------------------
# curl moves a URL's userinfo into an Authorization header; --request-target sends the URI as
# written, as a careless client would: the recogniser then sees user:pass@ in the request line.
serve proxy /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$work/www" 3128
await_listening tcp 127.0.0.1 3128
capture_start http-proxy-userinfo.pcap
inns curl -sS --max-time 10 -o /dev/null -x http://127.0.0.1:3128 http://user:pass@example.test/x
inns curl -sS --max-time 10 -o /dev/null -x http://127.0.0.1:3128 \
  --request-target 'http://user:pass@example.test/x' http://example.test/x
capture_stop

# --- SSH: OpenSSH client and server with keys made for the occasion ----------------------------
mkdir -p "$work/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -C vigie-golden -f "$work/ssh/host_key"
ssh-keygen -q -t ed25519 -N '' -C vigie-golden -f "$work/ssh/client_key"
cp "$work/ssh/client_key.pub" "$work/ssh/authorized_keys"
cat >"$work/ssh/sshd_config" <<EOF
HostKey $work/ssh/host_key
AuthorizedKeysFile $work/ssh/authorized_keys
ListenAddress 127.0.0.1
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PidFile none
EOF
serve sshd /usr/sbin/sshd -f "$work/ssh/sshd_config" -D -e -p 22
await_listening tcp 127.0.0.1 22
capture_start ssh-openssh-exec.pcap
inns ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
  -o ConnectTimeout=5 -o LogLevel=ERROR -i "$work/ssh/client_key" -p 22 root@127.0.0.1 true
capture_stop

# --- FTP: login of a throwaway user (dummy password) and STOR to vsftpd, passive ---------------
# The user exists only in copies of passwd/shadow bind-mounted in a private mount namespace, so
# the machine's own accounts are never touched.
ftp_user=camsetup
ftp_pass=dummy-ftp-password
mkdir -p "$work/etc" "$work/ftphome" "$work/ftp-empty"
chown 60001:60001 "$work/ftphome"
cp /etc/passwd "$work/etc/passwd"
cp /etc/shadow "$work/etc/shadow"
echo "$ftp_user:x:60001:60001:vigie golden ftp user:$work/ftphome:/bin/sh" >>"$work/etc/passwd"
echo "$ftp_user:$(openssl passwd -6 -salt vigiegolden "$ftp_pass"):20000:0:99999:7:::" >>"$work/etc/shadow"
cat >"$work/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=21
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
pam_service_name=vsftpd
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=50000
pasv_max_port=50009
secure_chroot_dir=$work/ftp-empty
seccomp_sandbox=NO
xferlog_enable=NO
vsftpd_log_file=$work/vsftpd-own.log
EOF
serve vsftpd unshare -m --propagation private sh -c \
  "mount --bind '$work/etc/passwd' /etc/passwd && mount --bind '$work/etc/shadow' /etc/shadow && exec vsftpd '$work/vsftpd.conf'"
await_listening tcp 127.0.0.1 21
printf 'ntp=127.0.0.123\nrtsp=on\nonvif=on\nsyslog=127.0.0.514\n' >"$work/cam-006.cfg"
capture_start ftp-vsftpd-login-stor.pcap
inns curl -sS --max-time 10 -u "$ftp_user:$ftp_pass" -T "$work/cam-006.cfg" ftp://127.0.0.1/cam-006.cfg
capture_stop
cmp "$work/cam-006.cfg" "$work/ftphome/cam-006.cfg"

# --- TFTP: tftp-hpa put to in.tftpd --------------------------------------------------------------
mkdir -p "$work/tftproot"
chmod 777 "$work/tftproot"
# 1,300 bytes: two full 512-byte blocks and a short last one.
for i in $(seq 1 52); do printf 'analytics-rule-%03d=line-crossing,zone=%02d\n' "$i" $((i % 7)); done \
  | head -c 1300 >"$work/av-analytics.cfg"
serve tftpd in.tftpd -L -a 127.0.0.1:69 -s "$work/tftproot" -c -p -R 50010:50019
await_listening udp 127.0.0.1 69
capture_start tftp-hpa-put.pcap
inns tftp -4 127.0.0.1 69 -m binary -c put "$work/av-analytics.cfg" av-analytics.cfg
capture_stop
cmp "$work/av-analytics.cfg" "$work/tftproot/av-analytics.cfg"

# --- DNS: dig against dnsmasq, UDP over IPv4 and IPv6, then TCP -------------------------------
serve dnsmasq dnsmasq --no-daemon --conf-file=/dev/null --port=53 --listen-address=127.0.0.1 \
  --listen-address=::1 --bind-interfaces --no-resolv --no-hosts --pid-file= \
  --address=/update.vendor.test/127.0.0.2 --address=/update.vendor.test/::2 \
  --host-record=cam-07.city.test,127.0.0.7
await_listening udp 127.0.0.1 53
await_listening udp ::1 53
await_listening tcp 127.0.0.1 53
capture_start dns-dig-dnsmasq.pcap
inns dig @127.0.0.1 +tries=1 +time=5 update.vendor.test A >/dev/null
inns dig @::1 +tries=1 +time=5 update.vendor.test AAAA >/dev/null
inns dig @127.0.0.1 +tcp +tries=1 +time=5 cam-07.city.test A >/dev/null
capture_stop

# --- TLS: openssl s_client with SNI and ALPN against s_server ----------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=update.vendor.test -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" 2>/dev/null
# The server on 127.0.0.2, the address dnsmasq gives update.vendor.test, so that the site of the
# golden test (a camera at 127.0.0.1) sees the vendor's cloud as another host.
serve s_server openssl s_server -accept 127.0.0.2:443 -cert "$work/tls-cert.pem" -key "$work/tls-key.pem" \
  -alpn http/1.1 -naccept 1 -quiet
await_listening tcp 127.0.0.2 443
capture_start tls-openssl-sni.pcap
inns openssl s_client -connect 127.0.0.2:443 -servername update.vendor.test -alpn http/1.1 -brief \
  </dev/null >/dev/null 2>&1
capture_stop

ls -l "$out"/*.pcap >&2
