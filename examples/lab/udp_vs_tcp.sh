#!/bin/sh
# UDP vs TCP on a lossy link: the same 1,000 records from h1 to h2, once over
# UDP, once over TCP. Run inside the lab, C or TypeScript programs:
#   sudo npx berkeley-sockets-lab --hosts 2 --loss 10% --delay 10ms/5ms -- sh examples/lab/udp_vs_tcp.sh c|ts
# (Run it from the repository; the C programs are compiled with cc into a
# temporary directory, the TypeScript ones run with tsx.)
set -eu
lang=${1:-ts}
count=${COUNT:-1000}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$lang" = c ]; then
  cc -O2 -o "$tmp/seq_sender" "$dir/seq_sender.c"
  cc -O2 -o "$tmp/seq_receiver" "$dir/seq_receiver.c"
  sender="$tmp/seq_sender"
  receiver="$tmp/seq_receiver"
else
  tsx=${TSX:-$(cd "$dir/../.." && pwd)/node_modules/.bin/tsx}
  sender="$tsx $dir/seq_sender.ts"
  receiver="$tsx $dir/seq_receiver.ts"
fi

for proto in udp tcp; do
  # The receiver on h2, started first; its first line says it is listening.
  ip netns exec "$LAB_H2" $receiver "$proto" 5000 "$count" >"$tmp/rx" &
  rx=$!
  while ! grep -q listening "$tmp/rx" 2>/dev/null; do sleep 0.05; done
  ip netns exec "$LAB_H1" $sender -g 1 "$proto" "$LAB_H2_ADDR" 5000 "$count"
  wait "$rx"
  cat "$tmp/rx"
done
