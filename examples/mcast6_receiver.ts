// mcast6_receiver: joins an IPv6 multicast group and prints each datagram.
// usage: mcast6_receiver [-i ifname] [-n count] group port
// -i: the interface (by name) to join on; default lo.
import { parseArgs } from "node:util";
import {
  AF_INET6, bind, close, htons, if_nametoindex, in6addr_any, INET6_ADDRSTRLEN, inet_ntop, inet_pton, IPPROTO_IPV6, IPV6_JOIN_GROUP, ipv6_mreq,
  perror, recvfrom, setsockopt, SO_REUSEADDR, SOCK_DGRAM, sockaddr_in6, socket, socklen_t, SOL_SOCKET, sizeof,
} from "berkeley-sockets";

const usage = "usage: mcast6_receiver [-i ifname] [-n count] group port";
const { values, positionals } = parseArgs({ options: { i: { type: "string" }, n: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 2) { console.error(usage); process.exit(2); }
const ifname = values.i ?? "lo";
const count = Number(values.n ?? 1);
const group = positionals[0]!;
const port = Number(positionals[1]);

const fd = socket(AF_INET6, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes));
const addr = new sockaddr_in6();
addr.sin6_family = AF_INET6;
addr.sin6_port = htons(port);
addr.sin6_addr = in6addr_any;
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }

const mreq = new ipv6_mreq();
if (inet_pton(AF_INET6, group, mreq.ipv6mr_multiaddr) !== 1) { console.error(`bad group ${group}`); process.exit(2); }
mreq.ipv6mr_interface = if_nametoindex(ifname);
if (mreq.ipv6mr_interface === 0) { perror("if_nametoindex"); process.exit(1); }
if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, mreq, sizeof(mreq)) < 0) { perror("setsockopt IPV6_JOIN_GROUP"); process.exit(1); }
console.log(`joined ${group} on ${ifname}`);

for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(1500);
  const from = new sockaddr_in6();
  const fromlen = new socklen_t(sizeof(from));
  const n = recvfrom(fd, buf, buf.length, 0, from, fromlen);
  if (n < 0) { perror("recvfrom"); process.exit(1); }
  console.log(`from ${inet_ntop(AF_INET6, from.sin6_addr, null, INET6_ADDRSTRLEN)}: ${buf.toString("latin1", 0, n)}`);
}
close(fd);
