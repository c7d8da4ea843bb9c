// mcast_receiver: joins a multicast group and prints each datagram.
// usage: mcast_receiver [-i ifaddr] [-n count] group port
// -i: the interface (by address) to join on; default 127.0.0.1.
// SO_REUSEADDR lets several receivers share the port: each gets every datagram.
import { parseArgs } from "node:util";
import {
  AF_INET, bind, close, htonl, htons, INADDR_ANY, inet_ntoa, inet_pton, IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, ip_mreq, IPPROTO_IP, perror,
  recvfrom, setsockopt, SO_REUSEADDR, SOCK_DGRAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, sizeof,
} from "berkeley-sockets";

const usage = "usage: mcast_receiver [-i ifaddr] [-n count] group port";
const { values, positionals } = parseArgs({ options: { i: { type: "string" }, n: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 2) { console.error(usage); process.exit(2); }
const ifaddr = values.i ?? "127.0.0.1";
const count = Number(values.n ?? 1);
const group = positionals[0]!;
const port = Number(positionals[1]);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes)) < 0) { perror("setsockopt SO_REUSEADDR"); process.exit(1); }
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_ANY);
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }

const mreq = new ip_mreq();
if (inet_pton(AF_INET, group, mreq.imr_multiaddr) !== 1) { console.error(`bad group ${group}`); process.exit(2); }
if (inet_pton(AF_INET, ifaddr, mreq.imr_interface) !== 1) { console.error(`bad interface ${ifaddr}`); process.exit(2); }
if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); process.exit(1); }
console.log(`joined ${group} on ${ifaddr}`);

for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(1500);
  const from = new sockaddr_in();
  const fromlen = new socklen_t(sizeof(from));
  const n = recvfrom(fd, buf, buf.length, 0, from, fromlen);
  if (n < 0) { perror("recvfrom"); process.exit(1); }
  console.log(`from ${inet_ntoa(from.sin_addr)}: ${buf.toString("latin1", 0, n)}`);
}
setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq, sizeof(mreq));
close(fd);
