// bcast_receiver: prints each datagram that arrives on a port (broadcasts included).
// usage: bcast_receiver [-n count] port
import { parseArgs } from "node:util";
import { AF_INET, bind, close, htonl, htons, INADDR_ANY, inet_ntoa, perror, recvfrom, setsockopt, SO_REUSEADDR, SOCK_DGRAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, sizeof } from "berkeley-sockets";

const usage = "usage: bcast_receiver [-n count] port";
const { values, positionals } = parseArgs({ options: { n: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 1) { console.error(usage); process.exit(2); }
const count = Number(values.n ?? 1);
const port = Number(positionals[0]);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes));
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_ANY);
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
console.log(`listening on port ${port}`);
for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(1500);
  const from = new sockaddr_in();
  const fromlen = new socklen_t(sizeof(from));
  const n = recvfrom(fd, buf, buf.length, 0, from, fromlen);
  if (n < 0) { perror("recvfrom"); process.exit(1); }
  console.log(`from ${inet_ntoa(from.sin_addr)}: ${buf.toString("latin1", 0, n)}`);
}
close(fd);
