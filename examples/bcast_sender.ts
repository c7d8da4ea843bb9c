// bcast_sender: sends a message to a broadcast address.
// usage: bcast_sender [-n] [-c count] address port message
// -n: do not set SO_BROADCAST, to see the kernel refuse with EACCES.
import { parseArgs } from "node:util";
import { AF_INET, close, htons, inet_pton, perror, sendto, setsockopt, SO_BROADCAST, SOCK_DGRAM, sockaddr_in, socket, SOL_SOCKET, sizeof } from "berkeley-sockets";

const usage = "usage: bcast_sender [-n] [-c count] address port message";
const { values, positionals } = parseArgs({ options: { n: { type: "boolean" }, c: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 3) { console.error(usage); process.exit(2); }
const broadcast = values.n ? 0 : 1;
const count = Number(values.c ?? 1);
const [address, portText, message] = positionals as [string, string, string];
const port = Number(portText);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
if (broadcast && setsockopt(fd, SOL_SOCKET, SO_BROADCAST, broadcast, sizeof(broadcast)) < 0) { perror("setsockopt SO_BROADCAST"); process.exit(1); }
const to = new sockaddr_in();
to.sin_family = AF_INET;
to.sin_port = htons(port);
if (inet_pton(AF_INET, address, to.sin_addr) !== 1) { console.error(`bad address ${address}`); process.exit(2); }
for (let i = 0; i < count; i++) {
  const n = sendto(fd, message, Buffer.byteLength(message), 0, to, sizeof(to));
  if (n < 0) { perror("sendto"); process.exit(1); }
  console.log(`sent ${n} bytes to ${address}:${port}`);
  if (i + 1 < count) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // usleep(100000)
}
close(fd);
