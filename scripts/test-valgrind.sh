#!/usr/bin/env bash
# npm run test:valgrind — valgrind memcheck over the core workload
# (scripts/valgrind-workload.mjs: every core call on loopback sockets, success,
# -1/errno and TypeError/RangeError paths) in plain node over dist/.
# Zero errors required: invalid reads/writes, uses of uninitialised values,
# and "definitely lost" leaks all count (--errors-for-leak-kinds=definite).
# scripts/valgrind.supp is for V8/Node noise only, never for the addon; it is
# empty today because Node 20 runs this workload clean.
#   VALGRIND_ROUNDS=<n>  workload rounds (default 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v valgrind >/dev/null; then
  echo "test:valgrind: installing valgrind"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
npx --no-install tsc -p tsconfig.json
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
VALGRIND_ROUNDS="${VALGRIND_ROUNDS:-20}" valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --num-callers=40 --error-exitcode=99 \
  --suppressions="$root/scripts/valgrind.supp" --log-file="$log" \
  node scripts/valgrind-workload.mjs || status=$?
grep -E "ERROR SUMMARY|definitely lost|Invalid (read|write)|uninitialised" "$log" | sed 's/^==[0-9]*== */test:valgrind: /' | sort -u
if [ "$status" != 0 ] || ! grep -q "ERROR SUMMARY: 0 errors" "$log"; then
  cat "$log" | tail -80
  echo "test:valgrind: FAILED"
  exit 1
fi
echo "test:valgrind: zero errors"
