// Soak: 1,000,000 sendto(2)/recvfrom(2) pairs over loopback UDP, with a fresh
// socklen_t box per datagram as ported C code does. Descriptors back to the
// baseline, RSS growth < 5 MB, heap stable after GC; every datagram checked.
import {
  AF_INET, bind, close, errno, getsockname, htonl, INADDR_LOOPBACK, recvfrom, sendto, sizeof, SOCK_DGRAM,
  sockaddr_in, socket, socklen_t, strerror,
} from "../src/index.js";
import { report, sample } from "./measure.js";

const N = Number(process.env.SOAK_N ?? 1_000_000);
const before0 = sample();

function udp(): [number, sockaddr_in] {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, a, sizeof(a)) < 0 || getsockname(fd, a, new socklen_t(sizeof(a))) < 0) throw new Error(strerror(errno));
  return [fd, a];
}

function pairs(n: number): void {
  const [s, sa] = udp();
  const [r, ra] = udp();
  const out = Buffer.alloc(64);
  const buf = Buffer.alloc(64);
  const from = new sockaddr_in();
  for (let i = 0; i < n; i++) {
    out.writeUInt32LE(i, 0);
    if (sendto(s, out, 32, 0, ra, sizeof(ra)) !== 32) throw new Error(`sendto: ${strerror(errno)} at ${i}`);
    const fromlen = new socklen_t(sizeof(from));
    const got = recvfrom(r, buf, buf.length, 0, from, fromlen);
    if (got !== 32 || buf.readUInt32LE(0) !== i || from.sin_port !== sa.sin_port || fromlen.value !== sizeof(from)) {
      throw new Error(`recvfrom: ${got} ${strerror(errno)} at ${i}`);
    }
  }
  close(s);
  close(r);
}

pairs(20_000); // warm up
const before = sample();
if (before.fds !== before0.fds) throw new Error("warm-up leaked descriptors");
const t0 = Date.now();
pairs(N);
const ms = Date.now() - t0;
process.exitCode = report("sendto/recvfrom", N, "pairs", ms, before, sample()) ? 0 : 1;
