// What leaving the file status flags as they were costs a promises
// accept/connect (src/watch.ts, borrowNonblocking): the bench's connect
// workload (socket, connect, accept, close both) on blocking descriptors,
// where each call sets O_NONBLOCK and restores the flags (F_GETFL, F_SETFL,
// the call, F_SETFL), against descriptors the program created SOCK_NONBLOCK,
// where each call only reads the flags (F_GETFL) and restores nothing.
// Batches of the two alternate in one process, so load on the machine hits
// both alike; CPU time (user + system) is less sensitive to it than wall time.
//
//   node --import tsx bench/flags.ts [connections per batch] [batches]
import {
  AF_INET, bind, close, getsockname, htonl, INADDR_LOOPBACK, linger, listen, setsockopt, sizeof, SO_LINGER, SOCK_NONBLOCK, SOCK_STREAM,
  sockaddr_in, socket, socklen_t, SOL_SOCKET,
} from "../dist/index.js";
import * as P from "../dist/promises.js";

const [perBatch = 5000, batches = 10] = process.argv.slice(2).map(Number);
const rst = new linger({ l_onoff: 1, l_linger: 0 });

function listener(type: number): [number, sockaddr_in] {
  const addr = new sockaddr_in();
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const l = socket(AF_INET, type, 0);
  if (l < 0 || bind(l, addr, sizeof(addr)) < 0 || listen(l, 128) < 0) throw new Error("listener");
  getsockname(l, addr, new socklen_t(sizeof(addr)));
  return [l, addr];
}

/** µs of CPU and of wall time per connection. */
async function batch(type: number, n: number): Promise<[number, number]> {
  const [l, addr] = listener(type);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const c = socket(AF_INET, type, 0);
    await P.connect(c, addr, sizeof(addr));
    const s = await P.accept(l, null, null);
    setsockopt(c, SOL_SOCKET, SO_LINGER, rst, sizeof(rst));
    close(c);
    close(s);
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e3;
  close(l);
  return [(cpu.user + cpu.system) / n, wall / n];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
await batch(SOCK_STREAM, 1000); // warm up
const blocking: [number, number][] = [];
const nonblocking: [number, number][] = [];
for (let b = 0; b < batches; b++) {
  blocking.push(await batch(SOCK_STREAM, perBatch));
  nonblocking.push(await batch(SOCK_STREAM | SOCK_NONBLOCK!, perBatch));
}
const row = (name: string, r: [number, number][]): string =>
  `${name.padEnd(44)} ${median(r.map((x) => x[0])).toFixed(2).padStart(7)} ${median(r.map((x) => x[1])).toFixed(2).padStart(7)}`;
console.log(`connect + accept on loopback, median of ${batches} batches of ${perBatch}: µs per connection`);
console.log(`${"".padEnd(44)} ${"CPU".padStart(7)} ${"wall".padStart(7)}`);
console.log(row("blocking descriptors (flags set and restored)", blocking));
console.log(row("SOCK_NONBLOCK descriptors (flags only read)", nonblocking));
const diff = (i: 0 | 1): number => median(blocking.map((x, k) => x[i] - nonblocking[k]![i]));
console.log(`${"difference (median of pairwise differences)".padEnd(44)} ${diff(0).toFixed(2).padStart(7)} ${diff(1).toFixed(2).padStart(7)}`);
