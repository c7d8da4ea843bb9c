#!/usr/bin/env bash
# npm run test:asan — the addon built with AddressSanitizer + UndefinedBehaviorSanitizer
# into build-asan/ (a copy of the package tree, so build/Release is untouched),
# then the whole vitest suite and the fuzzer run with the ASan runtime preloaded
# into node. Any sanitizer report fails the run.
#   build-asan/            copy of binding.gyp, native/, src/, test/, fuzz/ (node_modules linked)
#   ASAN_FUZZ_TIME=<s>     fuzz duration (default 60)
#   ASAN_SUITE=0           skip the vitest suite (CI runs the sanitized fuzz only)
# Leaks: vitest runs with detect_leaks=0 (V8 and vitest's workers leak by design at exit);
# the fuzzer, a plain node process, runs with leak detection on, with the suppressions in
# scripts/lsan.supp covering only Node/V8 startup allocations (see that file).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-asan"
asan=$(gcc -print-file-name=libasan.so)
[ -f "$asan" ] || { echo "test:asan: libasan.so not found (apt-get install gcc)"; exit 1; }

# A copy of the package tree, so only the sanitized addon can load (scripts/package-copy.sh).
. "$root/scripts/package-copy.sh"
package_copy "$out"

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
echo "test:asan: building the addon with $san into build-asan/build/Release"
t_build=$(date +%s)
(cd "$out" && CFLAGS="$san" CXXFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" npx --no-install node-gyp rebuild >"$out/build.log" 2>&1) \
  || { tail -40 "$out/build.log"; exit 1; }
echo "test:asan: build took $(( $(date +%s) - t_build )) s"
nm -D "$out/build/Release/berkeley_sockets.node" | grep -c __asan_init >/dev/null || { echo "test:asan: build is not instrumented"; exit 1; }

# The suite must load the sanitized addon, not a prebuild or build/Release.
loaded=$(loaded_addon "$out" LD_PRELOAD="$asan" ASAN_OPTIONS=detect_leaks=0)
case "$loaded" in *build-asan/build/Release/berkeley_sockets.node) echo "test:asan: dist/ loads build-asan/build/Release/berkeley_sockets.node";; *) echo "test:asan: the sanitized addon is not the one loaded: $loaded"; exit 1;; esac

common="abort_on_error=1:halt_on_error=1:print_stacktrace=1"
export FUZZ_SANITIZER=1  # see avoidNullSink in fuzz/child.ts
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0

: >"$out/vitest.log"
if [ "${ASAN_SUITE:-1}" != 0 ]; then
  echo "test:asan: vitest (detect_leaks=0)"
  start=$(date +%s)
  (cd "$out" && LD_PRELOAD="$asan" ASAN_OPTIONS="$common:detect_leaks=0" npx --no-install vitest run 2>&1 | tee "$out/vitest.log") || status=1
  echo "test:asan: vitest took $(( $(date +%s) - start )) s"
else
  echo "test:asan: vitest suite skipped (ASAN_SUITE=0)"
fi

# LeakSanitizer must really be live in plain node: a deliberate 1234-byte leak
# (a constructor in a throwaway .so) has to be reported.
printf '#include <stdlib.h>\nvoid* volatile keep;\n__attribute__((constructor)) static void leak(void) { keep = malloc(1234); keep = 0; }\n' >"$out/lsan-probe.c"
gcc -shared -fPIC -o "$out/lsan-probe.so" "$out/lsan-probe.c"
probe=$(LD_PRELOAD="$asan" ASAN_OPTIONS="detect_leaks=1" node -e "try { process.dlopen({ exports: {} }, '$out/lsan-probe.so') } catch {}" 2>&1 || true)
if grep -q "Direct leak of 1234 byte" <<<"$probe"; then
  echo "test:asan: LeakSanitizer is live in plain node (probe leak reported)"
else
  echo "test:asan: LeakSanitizer did not report the probe leak: leak detection is not working"; status=1
fi

echo "test:asan: fuzz (detect_leaks=1)"
(cd "$out" && FUZZ_SANITIZER=1 LD_PRELOAD="$asan" ASAN_OPTIONS="$common:detect_leaks=1" LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0" \
  node --import tsx fuzz/run.ts --time "${ASAN_FUZZ_TIME:-60}" 2>&1 | tee "$out/fuzz.log") || status=1

if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$out/vitest.log" "$out/fuzz.log"; then
  echo "test:asan: SANITIZER REPORTS (see build-asan/*.log)"
  status=1
fi
[ $status = 0 ] && echo "test:asan: zero sanitizer reports"
exit $status
