// Child process of test/faults.test.ts: a peer resets (RST through linger
// {1, 0}) while this process is blocked reading or writing. Prints one JSON
// line of results. With "toggled", a SIGPIPE listener is added and removed
// first, which leaves SIGPIPE at its default action (death) instead of Node's
// SIG_IGN: the library must still turn a vanished peer into -1/EPIPE.
import { spawn } from "node:child_process";
import { closeSync, constants as fsc, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import {
  accept, AF_INET, bind, close, errno, getsockname, htonl, INADDR_LOOPBACK, listen, recv, send, sizeof,
  SOCK_STREAM, sockaddr_in, socket, socklen_t, write,
} from "../../src/index.js";

const [mode, toggle] = process.argv.slice(2);
/** Is SIGPIPE (13) ignored? From the SigIgn mask in /proc/self/status. */
const sigpipeIgnored = (): boolean => {
  const mask = BigInt("0x" + /SigIgn:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]);
  return ((mask >> 12n) & 1n) === 1n;
};
const ignoredAtStart = sigpipeIgnored();
if (toggle === "toggled") {
  const h = (): void => {};
  process.on("SIGPIPE", h);
  process.off("SIGPIPE", h);
}

const lfd = socket(AF_INET, SOCK_STREAM, 0);
const a = new sockaddr_in();
a.sin_family = AF_INET;
a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
if (bind(lfd, a, sizeof(a)) < 0 || listen(lfd, 1) < 0 || getsockname(lfd, a, new socklen_t(sizeof(a))) < 0) throw new Error("setup");
const port = (a.sin_port >> 8) | ((a.sin_port & 0xff) << 8);

// The peer connects, waits until we are blocked, then closes with RST.
const peerSrc = `
import socket, struct, time
s = socket.create_connection(("127.0.0.1", ${port}))
time.sleep(0.3)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
`;
const peer = spawn("python3", ["-c", peerSrc], { stdio: "ignore" });
const fd = accept(lfd, null, null);
const out: Record<string, unknown> = { mode, toggle, ignoredAtStart, ignoredNow: sigpipeIgnored() };

if (mode === "read") {
  const buf = Buffer.alloc(100);
  const r = recv(fd, buf, buf.length, 0);
  out.recv = [r, errno];
} else {
  // Fill the socket buffers until send blocks; the RST then ends the blocked send.
  const chunk = Buffer.alloc(1 << 16, 0x61);
  let r = 0;
  let total = 0;
  while ((r = send(fd, chunk, chunk.length, 0)) > 0) total += r;
  out.send = [r, errno];
  out.sent = total;
  // Writing again on the reset connection: EPIPE, and no SIGPIPE death.
  out.sendAgain = [send(fd, chunk, 10, 0), errno];
  out.writeAgain = [write(fd, chunk, 10), errno];
  // The same through a pipe whose reader is gone (write(2) on a non-socket).
  const dir = mkdtempSync(join(tmpdir(), "bs-faults-"));
  execFileSync("mkfifo", [join(dir, "p")]);
  const rd = openSync(join(dir, "p"), fsc.O_RDONLY | fsc.O_NONBLOCK);
  const wr = openSync(join(dir, "p"), fsc.O_WRONLY | fsc.O_NONBLOCK);
  closeSync(rd);
  out.pipeWrite = [write(wr, "x", 1), errno];
  closeSync(wr);
  rmSync(dir, { recursive: true });
}
close(fd);
close(lfd);
peer.on("exit", () => {
  writeSync(1, JSON.stringify(out) + "\n");
});
