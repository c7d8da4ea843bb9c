#!/usr/bin/env bash
# npm run coverage:native — line and branch coverage of native/*.cc: the
# addon built with gcc's --coverage (gcov) into build-coverage/ (a copy of the
# package tree, so build/Release, which the tests load otherwise, is never
# replaced), then the whole vitest suite and the fuzzer run against it, then
# scripts/coverage-report.ts prints the figures per file (docs/coverage.md
# says why the lines left uncovered cannot be reached).
#   COVERAGE_FUZZ_TIME=<s>   fuzz duration (default 60)
#   COVERAGE_SUITE=0         skip the vitest suite (the fuzzer only)
# Exits non-zero when the suite or the fuzzer fails, or native line coverage
# is below 95 %.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-coverage"
. "$root/scripts/package-copy.sh"

release="$root/build/Release/berkeley_sockets.node"
before=$(sha256sum "$release" 2>/dev/null || echo none)

package_copy "$out"
flags="--coverage -O0 -g"
echo "coverage:native: building the addon with $flags into build-coverage/build/Release"
(cd "$out" && CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS="--coverage" npx --no-install node-gyp rebuild >"$out/build.log" 2>&1) \
  || { tail -40 "$out/build.log"; exit 1; }
objects="$out/build/Release/obj.target/berkeley_sockets/native"
ls "$objects"/*.gcno >/dev/null 2>&1 || { echo "coverage:native: the build is not instrumented (no .gcno files)"; exit 1; }
find "$out/build" -name '*.gcda' -delete

loaded=$(loaded_addon "$out")
case "$loaded" in *build-coverage/build/Release/berkeley_sockets.node) echo "coverage:native: dist/ loads $loaded";; *) echo "coverage:native: the instrumented addon is not the one loaded: $loaded"; exit 1;; esac

status=0
if [ "${COVERAGE_SUITE:-1}" != 0 ]; then
  echo "coverage:native: vitest"
  (cd "$out" && npx --no-install vitest run --config scripts/coverage-vitest.config.ts >"$out/vitest.log" 2>&1) || { status=1; grep -E "FAIL|×" "$out/vitest.log" || true; }
  grep -E "Test Files|Tests " "$out/vitest.log" || true
fi
echo "coverage:native: fuzz (${COVERAGE_FUZZ_TIME:-60} s)"
(cd "$out" && node --import tsx fuzz/run.ts --time "${COVERAGE_FUZZ_TIME:-60}" 2>&1 | tee "$out/fuzz.log") || status=1

after=$(sha256sum "$release" 2>/dev/null || echo none)
[ "$before" = "$after" ] || { echo "coverage:native: build/Release changed during the run"; status=1; }

node --import tsx "$root/scripts/coverage-report.ts" "$objects" "$out" || status=1
exit $status
