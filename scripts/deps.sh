#!/bin/sh
# Installs what the multicast tests and the network lab need (Debian/Ubuntu):
# iproute2 (ip netns, veth, bridge), smcroute (a static multicast router for
# the two-segment lab), socat and python3 (interop peers), util-linux
# (unshare). Idempotent: nothing is done when every tool is already present.
set -eu
need=""
command -v ip >/dev/null 2>&1 || need="$need iproute2"
command -v smcrouted >/dev/null 2>&1 || command -v smcroute >/dev/null 2>&1 || need="$need smcroute"
command -v socat >/dev/null 2>&1 || need="$need socat"
command -v unshare >/dev/null 2>&1 || need="$need util-linux"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v cc >/dev/null 2>&1 || need="$need gcc libc6-dev"
if [ -z "$need" ]; then
  echo "deps.sh: all present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "deps.sh: need root to install:$need" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need
echo "deps.sh: installed$need"
