// Child process of test/faults.test.ts: blocks in recvfrom(2) on a UDP socket
// while the parent sends SIGUSR2 (for which a listener is installed, so libuv
// has a handler, installed with SA_RESTART). Argument "timeout" first sets
// SO_RCVTIMEO. Prints "ready <port>", then one JSON line.
import { writeSync } from "node:fs";
import {
  AF_INET, bind, close, errno, getsockname, htonl, INADDR_LOOPBACK, recvfrom, setsockopt, sizeof,
  SO_RCVTIMEO, SOCK_DGRAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, timeval,
} from "../../src/index.js";

const withTimeout = process.argv[2] === "timeout";
let signals = 0;
process.on("SIGUSR2", () => {
  signals++;
  writeSync(1, JSON.stringify({ listenerRan: true, signals }) + "\n");
  process.exit(0);
});

const fd = socket(AF_INET, SOCK_DGRAM, 0);
const a = new sockaddr_in();
a.sin_family = AF_INET;
a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
if (bind(fd, a, sizeof(a)) < 0 || getsockname(fd, a, new socklen_t(sizeof(a))) < 0) throw new Error("setup");
if (withTimeout) {
  const tv = new timeval({ tv_sec: 10, tv_usec: 0 });
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv)) < 0) throw new Error("SO_RCVTIMEO");
}
const port = (a.sin_port >> 8) | ((a.sin_port & 0xff) << 8);
writeSync(1, `ready ${port}\n`);
const started = Date.now();
const buf = Buffer.alloc(64);
const r = recvfrom(fd, buf, buf.length, 0, null, null);
const e = errno;
writeSync(1, JSON.stringify({ recvfrom: r, errno: e, ms: Date.now() - started, text: r > 0 ? buf.toString("utf8", 0, r) : null, signalsSeenDuringCall: signals }) + "\n");
close(fd);
// The listener runs once the event loop turns again (it exits the process);
// signal handles do not keep the loop alive, so a timer does meanwhile.
setTimeout(() => process.exit(2), 5000);
