// ssm_receiver: source-specific multicast: hears group only from source.
// usage: ssm_receiver [-i ifaddr] [-n count] group source port
// -i: the interface (by address) to join on; default 127.0.0.1.
import { parseArgs } from "node:util";
import {
  AF_INET, bind, close, htonl, htons, INADDR_ANY, inet_ntoa, inet_pton, IP_ADD_SOURCE_MEMBERSHIP, ip_mreq_source, IPPROTO_IP, perror, recvfrom,
  setsockopt, SO_REUSEADDR, SOCK_DGRAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, sizeof,
} from "berkeley-sockets";

const usage = "usage: ssm_receiver [-i ifaddr] [-n count] group source port";
const { values, positionals } = parseArgs({ options: { i: { type: "string" }, n: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 3) { console.error(usage); process.exit(2); }
const ifaddr = values.i ?? "127.0.0.1";
const count = Number(values.n ?? 1);
const [group, source, portText] = positionals as [string, string, string];
const port = Number(portText);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes));
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_ANY);
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }

const mreq = new ip_mreq_source();
if (inet_pton(AF_INET, group, mreq.imr_multiaddr) !== 1 || inet_pton(AF_INET, source, mreq.imr_sourceaddr) !== 1 ||
    inet_pton(AF_INET, ifaddr, mreq.imr_interface) !== 1) { console.error("bad address"); process.exit(2); }
if (setsockopt(fd, IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_SOURCE_MEMBERSHIP"); process.exit(1); }
console.log(`joined (${source}, ${group}) on ${ifaddr}`);

for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(1500);
  const from = new sockaddr_in();
  const fromlen = new socklen_t(sizeof(from));
  const n = recvfrom(fd, buf, buf.length, 0, from, fromlen);
  if (n < 0) { perror("recvfrom"); process.exit(1); }
  console.log(`from ${inet_ntoa(from.sin_addr)}: ${buf.toString("latin1", 0, n)}`);
}
close(fd);
