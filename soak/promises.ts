// Soak: 10,000 promise waits started and cancelled in a loop, alternately by
// AbortSignal and by close(fd): every wait settles (AbortError / EBADF), no
// watcher or descriptor is left, memory stays flat (issue 6).
import { AF_INET, bind, close, errno, htonl, INADDR_LOOPBACK, SOCK_DGRAM, sockaddr_in, socket, sizeof, strerror } from "../src/index.js";
import { native } from "../src/native.js";
import * as P from "../src/promises.js";
import { report, sample } from "./measure.js";

const N = Number(process.env.SOAK_WAITS ?? 10_000);
const watchCount = (): number => (native as unknown as { watch_count(): number }).watch_count();

async function waits(n: number): Promise<{ aborted: number; closed: number }> {
  let aborted = 0;
  let closed = 0;
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const buf = Buffer.alloc(64);
  for (let i = 0; i < n; i++) {
    const fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, a, sizeof(a)) < 0) throw new Error(strerror(errno));
    const ac = new AbortController();
    const wait = P.recvfrom(fd, buf, buf.length, 0, null, null, { signal: ac.signal });
    // Let the wait reach the event loop (EAGAIN, then a watcher) before cancelling.
    await new Promise((r) => setImmediate(r));
    if (i % 2 === 0) ac.abort();
    else await P.close(fd);
    const outcome = await wait.then(() => "resolved", (e: { code?: string }) => e.code);
    if (i % 2 === 0) {
      if (outcome !== "ABORT_ERR") throw new Error(`abort: ${outcome}`);
      aborted++;
      close(fd);
    } else {
      if (outcome !== "EBADF") throw new Error(`close: ${outcome}`);
      closed++;
    }
  }
  return { aborted, closed };
}

// V8 grows its young generation and the allocator its arenas under promise
// churn during the first rounds; flat means no growth across the later ones.
const ROUNDS = 4;
await waits(N);
const before = sample();
const rssByRound: number[] = [];
const t0 = Date.now();
let aborted = 0;
let closed = 0;
for (let r = 1; r < ROUNDS; r++) {
  const got = await waits(N);
  aborted += got.aborted;
  closed += got.closed;
  rssByRound.push(Math.round(sample().rss / 2 ** 20));
}
const ms = Date.now() - t0;
await new Promise((r) => setImmediate(r));
const watchers = watchCount();
// Descriptors and heap against the baseline; RSS across the measured rounds (first to last).
const flat = rssByRound.at(-1)! - rssByRound[0]! < 5;
const ok = report("promise waits", N * (ROUNDS - 1), `waits (${aborted} aborted, ${closed} closed)`, ms, before, sample(), { rss: Infinity, heap: 2 ** 20 }) && watchers === 0 && flat;
console.log(`soak promise waits: RSS MB after each round of ${N}: ${rssByRound.join(", ")} ${flat ? "flat OK" : "GROWING FAIL"}; watchers left ${watchers} ${watchers === 0 ? "OK" : "FAIL"}`);
process.exitCode = ok ? 0 : 1;
