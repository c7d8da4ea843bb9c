// A UDP server and client in one process, on berkeley-sockets/promises: the
// server awaits datagrams and answers in upper case while the client sends
// and awaits each answer. Loopback only. Usage: tsx examples/async_udp.ts [count]
import { AF_INET, bind, getsockname, htonl, INADDR_LOOPBACK, ntohs, perror, sizeof, SOCK_DGRAM, sockaddr_in, socket, socklen_t } from "berkeley-sockets";
import { close, recvfrom, sendto } from "berkeley-sockets/promises";

const count = process.argv[2] ? Number(process.argv[2]) : 3;

const server = socket(AF_INET, SOCK_DGRAM, 0);
if (server < 0) { perror("socket"); process.exit(1); }
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
if (bind(server, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
getsockname(server, addr, new socklen_t(sizeof(addr)));
console.log(`server on 127.0.0.1:${ntohs(addr.sin_port)}`);

async function serve(): Promise<void> {
  const buf = Buffer.alloc(1500);
  for (let i = 0; i < count; i++) {
    const from = new sockaddr_in();
    const fromlen = new socklen_t(sizeof(from));
    const n = await recvfrom(server, buf, buf.length, 0, from, fromlen);
    const reply = buf.subarray(0, n).toString().toUpperCase();
    await sendto(server, reply, Buffer.byteLength(reply), 0, from, fromlen.value);
  }
}

async function client(): Promise<void> {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  const buf = Buffer.alloc(1500);
  for (let i = 0; i < count; i++) {
    const msg = `hello ${i}`;
    await sendto(fd, msg, Buffer.byteLength(msg), 0, addr, sizeof(addr));
    const n = await recvfrom(fd, buf, buf.length, 0, null, null);
    console.log(`reply: ${buf.subarray(0, n).toString()}`);
  }
  await close(fd);
}

await Promise.all([serve(), client()]);
await close(server);
console.log("done");
