// Batching on loopback: datagrams per second with one call per datagram
// (sendto/recvfrom) and with sendmmsg/recvmmsg batches of 32.
// Run: npx tsx scripts/bench-mmsg.ts [count]
import {
  AF_INET, bind, close, getsockname, htonl, INADDR_LOOPBACK, iovec, mmsghdr, MSG_DONTWAIT, msghdr, recvfrom, recvmmsg, sendmmsg, sendto,
  setsockopt, SO_RCVBUF, SOCK_DGRAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, sizeof,
} from "../src/index.js";

const total = Number(process.argv[2] ?? 200_000);
const BATCH = 32;
const rx = socket(AF_INET, SOCK_DGRAM, 0);
const tx = socket(AF_INET, SOCK_DGRAM, 0);
const a = new sockaddr_in({ sin_family: AF_INET });
a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
bind(rx, a, sizeof(a));
getsockname(rx, a, new socklen_t(sizeof(a)));
setsockopt(rx, SOL_SOCKET, SO_RCVBUF, 1 << 22, 4);
const payload = Buffer.alloc(64, 0x78);

function single(): number {
  const buf = Buffer.alloc(2048);
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < total; k += BATCH) {
    for (let j = 0; j < BATCH; j++) sendto(tx, payload, payload.length, 0, a, sizeof(a));
    for (let j = 0; j < BATCH; j++) recvfrom(rx, buf, buf.length, MSG_DONTWAIT, null, null);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function batched(): number {
  const out = Array.from({ length: BATCH }, () => new mmsghdr({ msg_hdr: new msghdr({ msg_name: a, msg_namelen: sizeof(a), msg_iov: [new iovec({ iov_base: payload, iov_len: payload.length })], msg_iovlen: 1 }) }));
  const inn = Array.from({ length: BATCH }, () => new mmsghdr({ msg_hdr: new msghdr({ msg_iov: [new iovec({ iov_base: Buffer.alloc(2048), iov_len: 2048 })], msg_iovlen: 1 }) }));
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < total; k += BATCH) {
    if (sendmmsg(tx, out, BATCH, 0) !== BATCH) throw new Error("short sendmmsg");
    if (recvmmsg(rx, inn, BATCH, MSG_DONTWAIT, null) !== BATCH) throw new Error("short recvmmsg");
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

single();
batched(); // warm up both paths
const s = single();
const b = batched();
const rate = (t: number): string => `${Math.round(total / t).toLocaleString("en-US")} datagrams/s`;
console.log(`sendto+recvfrom, one call each: ${rate(s)} (${s.toFixed(2)} s for ${total})`);
console.log(`sendmmsg+recvmmsg, batches of ${BATCH}: ${rate(b)} (${b.toFixed(2)} s for ${total})`);
close(rx);
close(tx);
