// seq_receiver.ts: receives the numbered records of seq_sender and says what
// arrived: how many, whether in order, which are missing.
// Usage: seq_receiver [-i ifaddr] [-w idle_ms] [-v] udp|tcp|mcast PORT COUNT [GROUP]
//   -i  the interface (by address) to join GROUP on (mcast; default: any)
//   -w  UDP and mcast: stop after this many ms without a record (default 2000)
//   -v  a line per record: "rx SEQ WALLCLOCK_MS"
// UDP and mcast stop at COUNT records or when the sender has gone quiet;
// TCP reads one connection to its end, then closes it.
// seq_receiver.c is the same program in C.
import { parseArgs } from "node:util";
import {
  AF_INET, INADDR_ANY, inet_pton, IP_ADD_MEMBERSHIP, ip_mreq, IPPROTO_IP, SO_RCVTIMEO, SO_REUSEADDR, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET,
  accept, bind, close, htonl, htons, listen, perror, recv, setsockopt, sizeof, sockaddr_in, socket, timeval,
} from "berkeley-sockets";

const RECORD = 100;
const usage = (): never => {
  process.stderr.write("usage: seq_receiver [-i ifaddr] [-w idle_ms] [-v] udp|tcp|mcast PORT COUNT [GROUP]\n");
  process.exit(2);
};
const wallclockMs = (): number => performance.timeOrigin + performance.now(); // clock_gettime(CLOCK_REALTIME)

function timeoutMs(fd: number, ms: number): void {
  const tv = new timeval({ tv_sec: Math.floor(ms / 1000), tv_usec: (ms % 1000) * 1000 });
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv)) < 0) { perror("setsockopt SO_RCVTIMEO"); process.exit(1); }
}

const opts = { i: { type: "string" }, w: { type: "string" }, v: { type: "boolean" } } as const;
let parsed;
try {
  parsed = parseArgs({ options: opts, allowPositionals: true });
} catch {
  usage();
}
const { values, positionals } = parsed!;
const idle = Number(values.w ?? 2000), verbose = values.v === true, ifaddr = values.i ?? "0.0.0.0";
if (positionals.length < 3 || positionals.length > 4) usage();
const [mode, portText, countText, group] = positionals as [string, string, string, string | undefined];
const port = parseInt(portText, 10) || 0, count = parseInt(countText, 10) || 0;
const tcp = mode === "tcp", mcast = mode === "mcast";
if ((!tcp && !mcast && mode !== "udp") || (mcast && group === undefined)) usage();

const fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1)) < 0) { perror("setsockopt SO_REUSEADDR"); process.exit(1); }
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_ANY);
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
if (mcast) {
  const mreq = new ip_mreq();
  if (inet_pton(AF_INET, group!, mreq.imr_multiaddr) !== 1 || inet_pton(AF_INET, ifaddr, mreq.imr_interface) !== 1) usage();
  if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); process.exit(1); }
  console.log(`${mode}: joined ${group}, port ${port}`);
} else {
  if (tcp && listen(fd, 1) < 0) { perror("listen"); process.exit(1); }
  console.log(`${mode}: listening on port ${port}`); // now a sender may start
}
let conn = fd;
if (tcp) {
  conn = accept(fd, null, null);
  if (conn < 0) { perror("accept"); process.exit(1); }
}

const seen = new Uint8Array(count);
let received = 0, inOrder = 0, duplicates = 0, highest = -1;
const rec = Buffer.alloc(RECORD);
if (!tcp) timeoutMs(fd, 30000); // the first record may take a while
for (;;) {
  if (tcp) {
    let off = 0, n = 1;
    while (off < RECORD && (n = recv(conn, rec.subarray(off), RECORD - off, 0)) > 0) off += n;
    if (off < RECORD) break; // the end of the stream
  } else {
    if (recv(fd, rec, RECORD, 0) < 0) break; // quiet for idle ms: the sender is done
    timeoutMs(fd, idle);
  }
  const seq = parseInt(rec.toString("latin1"), 10); // atoi
  if (!(seq >= 0 && seq < count)) continue;
  if (verbose) console.log(`rx ${seq} ${wallclockMs().toFixed(1)}`);
  if (seen[seq]) { duplicates++; continue; }
  seen[seq] = 1;
  received++;
  if (seq > highest) { inOrder++; highest = seq; }
  if (received === count && !tcp) break;
}
console.log(`${mode}: received ${received} of ${count} (${((100 * received) / count).toFixed(1)}%), ${inOrder} in order, ${received - inOrder} overtaken, ${duplicates} duplicates`);
const missing: number[] = [];
for (let i = 0; i < count && missing.length < 8; i++) if (!seen[i]) missing.push(i);
if (missing.length > 0) console.log(`${mode}: missing ${missing.join(" ")}${received + 8 < count ? " ..." : ""}`);
if (tcp) close(conn);
close(fd);
