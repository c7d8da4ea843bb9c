// seq_sender.ts: sends COUNT numbered 100-byte records over UDP, TCP or to a
// multicast group, GAP_MS apart, for the lab's experiments (docs/lab.md).
// Usage: seq_sender [-g gap_ms] [-t ttl] [-i ifaddr] [-v] udp|tcp|mcast HOST PORT COUNT
//   -g  milliseconds between records (default 1; 0: as fast as the socket takes them)
//   -t  IP_MULTICAST_TTL for mcast (default 1); -i  IP_MULTICAST_IF, by address
//   -v  a line per record once send() returned: "sent SEQ WALLCLOCK_MS"
// For TCP it then shuts its side down, waits for the receiver to close (so
// every record was acknowledged) and prints what TCP_INFO says it cost:
// segments retransmitted (tcpi_total_retrans) and the smoothed round trip.
// seq_sender.c is the same program in C.
import { parseArgs } from "node:util";
import {
  AF_INET, in_addr, inet_pton, IP_MULTICAST_IF, IP_MULTICAST_TTL, IPPROTO_IP, IPPROTO_TCP, SHUT_WR, SOCK_DGRAM, SOCK_STREAM, TCP_INFO,
  close, connect, getsockopt, htons, perror, recv, send, sendto, setsockopt, shutdown, sizeof, sockaddr_in, socket, socklen_t, tcp_info,
} from "berkeley-sockets";

const RECORD = 100;
const usage = (): never => {
  process.stderr.write("usage: seq_sender [-g gap_ms] [-t ttl] [-i ifaddr] [-v] udp|tcp|mcast HOST PORT COUNT\n");
  process.exit(2);
};
const wallclockMs = (): number => performance.timeOrigin + performance.now(); // clock_gettime(CLOCK_REALTIME)
const usleep = (us: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, us / 1000);

const opts = { g: { type: "string" }, t: { type: "string" }, i: { type: "string" }, v: { type: "boolean" } } as const;
let parsed;
try {
  parsed = parseArgs({ options: opts, allowPositionals: true });
} catch {
  usage();
}
const { values, positionals } = parsed!;
const gap = Number(values.g ?? 1), ttl = Number(values.t ?? 1), verbose = values.v === true;
if (positionals.length !== 4) usage();
const [mode, host, portText, countText] = positionals as [string, string, string, string];
const port = parseInt(portText, 10) || 0, count = parseInt(countText, 10) || 0;
const tcp = mode === "tcp", mcast = mode === "mcast";
if (!tcp && !mcast && mode !== "udp") usage();

const to = new sockaddr_in();
to.sin_family = AF_INET;
to.sin_port = htons(port);
if (inet_pton(AF_INET, host, to.sin_addr) !== 1) { process.stderr.write(`seq_sender: not an IPv4 address: ${host}\n`); process.exit(2); }

const fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
if (mcast) {
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, ttl, sizeof(ttl)) < 0) { perror("setsockopt IP_MULTICAST_TTL"); process.exit(1); }
  if (values.i !== undefined) {
    const iface = new in_addr();
    if (inet_pton(AF_INET, values.i, iface) !== 1) { process.stderr.write(`seq_sender: bad interface ${values.i}\n`); process.exit(2); }
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, iface, sizeof(iface)) < 0) { perror("setsockopt IP_MULTICAST_IF"); process.exit(1); }
  }
}
if (tcp && connect(fd, to, sizeof(to)) < 0) { perror("connect"); process.exit(1); }

const rec = Buffer.alloc(RECORD);
for (let seq = 0; seq < count; seq++) {
  rec.fill(".");
  rec.write(`${seq}\0`); // snprintf writes its NUL too
  if (tcp) {
    for (let off = 0; off < RECORD; ) {
      const n = send(fd, rec.subarray(off), RECORD - off, 0);
      if (n < 0) { perror("send"); process.exit(1); }
      off += n;
    }
  } else if (sendto(fd, rec, RECORD, 0, to, sizeof(to)) < 0) {
    perror("sendto");
    process.exit(1);
  }
  if (verbose) console.log(`sent ${seq} ${wallclockMs().toFixed(1)}`);
  if (gap > 0) usleep(gap * 1000);
}
console.log(`${mode}: sent ${count} records of ${RECORD} bytes`);
if (tcp) {
  // The receiver closes once it has every record: then all were acknowledged.
  if (shutdown(fd, SHUT_WR) < 0) { perror("shutdown"); process.exit(1); }
  const b = Buffer.alloc(64);
  while (recv(fd, b, b.length, 0) > 0) {}
  const info = new tcp_info();
  const len = new socklen_t(sizeof(info));
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, len) < 0) { perror("getsockopt TCP_INFO"); process.exit(1); }
  console.log(`tcp: retransmitted ${info.tcpi_total_retrans} segments, smoothed rtt ${(info.tcpi_rtt / 1000).toFixed(1)} ms`);
}
close(fd);
