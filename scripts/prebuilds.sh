#!/usr/bin/env bash
# Builds the stripped N-API prebuilds that ship in the package:
# prebuilds/linux-x64 and prebuilds/linux-arm64 (cross compiled on x86-64 with
# Debian's aarch64 toolchain, installed through scripts/arm64.sh deps). Tagged
# glibc (berkeley-sockets.glibc.node), so node-gyp-build does not take them on
# musl, where the install script then builds from source.
#
#   scripts/prebuilds.sh [--missing] [x64] [arm64]     (default: both)
#
# --missing (what `npm pack` runs, as prepack) builds only a prebuild that is
# absent or older than native/ or binding.gyp. Each build runs in its own
# build-<arch>/ copy, never in build/: node-gyp-build tries build/Release
# before prebuilds/, so a foreign-arch file there would break the host's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=0
if [ "${1:-}" = --missing ]; then missing=1; shift; fi
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x64 arm64)
host=$(node -p process.arch)

up_to_date() {
  local out=prebuilds/linux-$1/berkeley-sockets.glibc.node
  [ -f "$out" ] && [ -z "$(find native binding.gyp -newer "$out" -print -quit)" ]
}

build() {
  local arch=$1 dir=build-$1
  local -a env=()
  if [ "$arch" != "$host" ]; then
    if [ "$arch" = arm64 ] && [ "$host" = x64 ]; then
      bash scripts/arm64.sh deps
      env=(CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ PREBUILD_STRIP_BIN=aarch64-linux-gnu-strip)
    else
      echo "prebuilds: cannot build linux-$arch on a $host machine; build it on linux-$arch and copy it into prebuilds/linux-$arch/" >&2
      exit 1
    fi
  fi
  rm -rf "$dir" "prebuilds/linux-$arch" && mkdir "$dir"
  cp -r binding.gyp package.json native "$dir/"
  env "${env[@]}" npx prebuildify --napi --strip --tag-libc --arch "$arch" --cwd "$dir" --out .
  rm -rf "$dir"
  ls -l "prebuilds/linux-$arch/"
}

for arch in "${arches[@]}"; do
  if [ "$missing" = 1 ] && up_to_date "$arch"; then
    echo "prebuilds: linux-$arch up to date"
  else
    build "$arch"
  fi
done
