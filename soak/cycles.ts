// Soak: 1,000,000 socket(2)/close(2) cycles (UDP, TCP and UNIX alternating).
// Descriptors must return to the baseline, RSS grow < 5 MB, heap be stable after GC.
import { AF_INET, AF_UNIX, close, errno, SOCK_DGRAM, SOCK_STREAM, socket, strerror } from "../src/index.js";
import { report, sample } from "./measure.js";

const N = Number(process.env.SOAK_N ?? 1_000_000);
const kinds = [
  [AF_INET, SOCK_DGRAM],
  [AF_INET, SOCK_STREAM],
  [AF_UNIX, SOCK_DGRAM],
] as const;

function cycle(n: number): void {
  for (let i = 0; i < n; i++) {
    const [d, t] = kinds[i % 3]!;
    const fd = socket(d, t, 0);
    if (fd < 0) throw new Error(`socket: ${strerror(errno)} after ${i} cycles`);
    if (close(fd) !== 0) throw new Error(`close: ${strerror(errno)}`);
  }
}

cycle(20_000); // warm up (JIT, allocator) before the baseline
const before = sample();
const t0 = Date.now();
cycle(N);
const ms = Date.now() - t0;
process.exitCode = report("socket/close", N, "cycles", ms, before, sample()) ? 0 : 1;
