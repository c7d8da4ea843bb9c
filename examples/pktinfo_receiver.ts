// pktinfo_receiver: joins a group and prints, for each datagram, the
// destination address and the arrival interface (IP_PKTINFO, recvmsg, CMSG_*).
// usage: pktinfo_receiver [-i ifaddr] [-n count] group port
import { parseArgs } from "node:util";
import {
  AF_INET, bind, cast, close, CMSG_DATA, CMSG_FIRSTHDR, CMSG_NXTHDR, CMSG_SPACE, htonl, htons, if_indextoname, IF_NAMESIZE, in_pktinfo, INADDR_ANY,
  INET_ADDRSTRLEN, inet_ntop, inet_pton, iovec, IP_ADD_MEMBERSHIP, ip_mreq, IP_PKTINFO, IPPROTO_IP, MSG_TRUNC, msghdr, perror, recvmsg, setsockopt,
  SO_REUSEADDR, SOCK_DGRAM, sockaddr_in, socket, SOL_SOCKET, sizeof,
} from "berkeley-sockets";

const usage = "usage: pktinfo_receiver [-i ifaddr] [-n count] group port";
const { values, positionals } = parseArgs({ options: { i: { type: "string" }, n: { type: "string" } }, allowPositionals: true });
if (positionals.length !== 2) { console.error(usage); process.exit(2); }
const ifaddr = values.i ?? "127.0.0.1";
const count = Number(values.n ?? 1);
const group = positionals[0]!;
const port = Number(positionals[1]);

const fd = socket(AF_INET, SOCK_DGRAM, 0);
if (fd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes));
if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, yes, sizeof(yes)) < 0) { perror("setsockopt IP_PKTINFO"); process.exit(1); }
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_ANY);
if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
const mreq = new ip_mreq();
inet_pton(AF_INET, group, mreq.imr_multiaddr);
inet_pton(AF_INET, ifaddr, mreq.imr_interface);
if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); process.exit(1); }
console.log(`joined ${group} on ${ifaddr}`);

for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(1500), control = Buffer.alloc(CMSG_SPACE(sizeof(in_pktinfo)));
  const from = new sockaddr_in();
  const iov = new iovec({ iov_base: buf, iov_len: buf.length });
  const msg = new msghdr();
  msg.msg_name = from;
  msg.msg_namelen = sizeof(from);
  msg.msg_iov = [iov];
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = control.length;
  const n = recvmsg(fd, msg, 0);
  if (n < 0) { perror("recvmsg"); process.exit(1); }
  for (let c = CMSG_FIRSTHDR(msg); c !== null; c = CMSG_NXTHDR(msg, c)) {
    if (c.cmsg_level !== IPPROTO_IP || c.cmsg_type !== IP_PKTINFO) continue;
    const pi = cast(in_pktinfo, CMSG_DATA(c));
    const dst = inet_ntop(AF_INET, pi.ipi_addr, null, INET_ADDRSTRLEN);
    const src = inet_ntop(AF_INET, from.sin_addr, null, INET_ADDRSTRLEN);
    const name = if_indextoname(pi.ipi_ifindex, Buffer.alloc(IF_NAMESIZE));
    console.log(`from ${src} to ${dst} on ${name}${msg.msg_flags & MSG_TRUNC ? " (truncated)" : ""}: ${buf.toString("latin1", 0, n)}`);
  }
}
close(fd);
