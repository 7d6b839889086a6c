#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: libpcap and tcpdump for capture,
# tshark and ndpiReader as reference tools, OpenSSH/vsftpd/tftpd for real protocol peers,
# sipp, mosquitto, chrony, miniupnpd/upnpc for the vendor channels, promtool for the alert rules,
# systemd-analyze for the unit file, tcpreplay for the live bench,
# poppler-utils (pdftotext, pdftoppm) to read and render the case report,
# slapd for the directory logins,
# rsyslog and rsyslog-gnutls as the syslog receiver of outputs.syslog (TCP, UDP, TLS),
# python3-aiosmtpd as the SMTP server receiving the approvers' mails.
set -euo pipefail
packages=(
  libpcap0.8 tcpdump tshark libndpi-bin
  openssh-server openssh-client vsftpd tftpd-hpa tftp-hpa curl bind9-dnsutils dnsmasq-base
  prometheus prometheus-alertmanager systemd iproute2 tcpreplay time openssl chromium procps python3
  sip-tester mosquitto mosquitto-clients chrony miniupnpd miniupnpc poppler-utils
  slapd ldap-utils rsyslog rsyslog-gnutls python3-aiosmtpd
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-test-deps: not root and no sudo; missing: ${missing[*]} (tests that need them will be skipped)" >&2
    exit 0
  fi
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Services are not started by the packages in a container; tests start their own on loopback.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
