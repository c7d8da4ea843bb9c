// mcast_sender: sends a message to a multicast group.
// usage: mcast_sender [-i ifaddr] [-t ttl] [-l loop] [-n count] group port message
// -i: the interface (by address) to send on, IP_MULTICAST_IF; default 127.0.0.1.
// -t: IP_MULTICAST_TTL (default 1: this segment only). -l: IP_MULTICAST_LOOP (default 1).
import { parseArgs } from "node:util";
import {
  AF_INET, close, htons, in_addr, inet_pton, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, IPPROTO_IP, perror, sendto, setsockopt,
  SOCK_DGRAM, sockaddr_in, socket, sizeof,
} from "berkeley-sockets";

const usage = "usage: mcast_sender [-i ifaddr] [-t ttl] [-l loop] [-n count] group port message";
const opts = { i: { type: "string" }, t: { type: "string" }, l: { type: "string" }, n: { type: "string" } } as const;
const { values, positionals } = parseArgs({ options: opts, allowPositionals: true });
if (positionals.length !== 3) { console.error(usage); process.exit(2); }
const ifaddr = values.i ?? "127.0.0.1";
const ttl = Number(values.t ?? 1), loop = Number(values.l ?? 1), count = Number(values.n ?? 1);
const [group, portText, message] = positionals as [string, string, string];
const port = Number(portText);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const iface = new in_addr();
if (inet_pton(AF_INET, ifaddr, iface) !== 1) { console.error(`bad interface ${ifaddr}`); process.exit(2); }
if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, iface, sizeof(iface)) < 0) { perror("setsockopt IP_MULTICAST_IF"); process.exit(1); }
if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, ttl, sizeof(ttl)) < 0) { perror("setsockopt IP_MULTICAST_TTL"); process.exit(1); }
if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, loop, sizeof(loop)) < 0) { perror("setsockopt IP_MULTICAST_LOOP"); process.exit(1); }

const to = new sockaddr_in();
to.sin_family = AF_INET;
to.sin_port = htons(port);
if (inet_pton(AF_INET, group, to.sin_addr) !== 1) { console.error(`bad group ${group}`); process.exit(2); }
for (let i = 0; i < count; i++) {
  const n = sendto(fd, message, Buffer.byteLength(message), 0, to, sizeof(to));
  if (n < 0) { perror("sendto"); process.exit(1); }
  console.log(`sent ${n} bytes to ${group}:${port} (ttl ${ttl})`);
  if (i + 1 < count) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // usleep(100000)
}
close(fd);
