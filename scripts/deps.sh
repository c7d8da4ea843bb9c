#!/usr/bin/env bash
# System packages the tests need: a C compiler for interop peers, python3 and
# socat as peers, iproute2 for network namespaces (the lab), smcroute as the
# lab's multicast router, iptables for the lab's link impairments and
# partitions (NFQUEUE rules inside the lab's namespaces), tcpdump for its
# captures, util-linux for unshare/prlimit, netbase for /etc/services and
# /etc/protocols. Idempotent: installs only
# what is missing, so it is cheap on a machine that already has everything.
set -euo pipefail

# command:package pairs
need=(
  "cc:gcc"
  "make:make"
  "python3:python3"
  "socat:socat"
  "smcrouted:smcroute"
  "ip:iproute2"
  "iptables:iptables"
  "tcpdump:tcpdump"
  "unshare:util-linux"
  "prlimit:util-linux"
)
extra_pkgs=("$@")

missing=()
for pair in "${need[@]}"; do
  cmd=${pair%%:*}
  pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
# /etc/services and /etc/protocols, which getservbyname/getprotobyname read (netbase).
[ -e /etc/services ] && [ -e /etc/protocols ] || missing+=("netbase")
for pkg in "${extra_pkgs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  # Not fatal: tests whose peer is missing skip and say why.
  echo "deps: missing ${missing[*]} and not root; install them to run every test" >&2
  exit 0
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
