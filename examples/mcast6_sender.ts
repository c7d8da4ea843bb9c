// mcast6_sender: sends a message to an IPv6 multicast group.
// usage: mcast6_sender [-i ifname] [-h hops] [-n count] group port message
// -i: IPV6_MULTICAST_IF by interface name; default lo. -h: IPV6_MULTICAST_HOPS (default 1).
import { parseArgs } from "node:util";
import {
  AF_INET6, close, htons, if_nametoindex, inet_pton, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_IF, perror, sendto, setsockopt, SOCK_DGRAM,
  sockaddr_in6, socket, sizeof,
} from "berkeley-sockets";

const usage = "usage: mcast6_sender [-i ifname] [-h hops] [-n count] group port message";
const opts = { i: { type: "string" }, h: { type: "string" }, n: { type: "string" } } as const;
const { values, positionals } = parseArgs({ options: opts, allowPositionals: true });
if (positionals.length !== 3) { console.error(usage); process.exit(2); }
const ifname = values.i ?? "lo";
const hops = Number(values.h ?? 1), count = Number(values.n ?? 1);
const [group, portText, message] = positionals as [string, string, string];
const port = Number(portText);

const fd = socket(AF_INET6, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const ifindex = if_nametoindex(ifname);
if (ifindex === 0) { perror("if_nametoindex"); process.exit(1); }
if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, sizeof(ifindex)) < 0) { perror("setsockopt IPV6_MULTICAST_IF"); process.exit(1); }
if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops, sizeof(hops)) < 0) { perror("setsockopt IPV6_MULTICAST_HOPS"); process.exit(1); }

const to = new sockaddr_in6();
to.sin6_family = AF_INET6;
to.sin6_port = htons(port);
if (inet_pton(AF_INET6, group, to.sin6_addr) !== 1) { console.error(`bad group ${group}`); process.exit(2); }
for (let i = 0; i < count; i++) {
  const n = sendto(fd, message, Buffer.byteLength(message), 0, to, sizeof(to));
  if (n < 0) { perror("sendto"); process.exit(1); }
  console.log(`sent ${n} bytes to [${group}]:${port} (hops ${hops})`);
  if (i + 1 < count) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // usleep(100000)
}
close(fd);
