// Soak: a process that exits with sockets open (a listener, a connected TCP
// pair, a bound UDP socket with a datagram queued, a UNIX pair) exits cleanly
// with code 0 and without hanging — by the end of its script, by process.exit,
// from inside a worker thread that still holds sockets, and by process.exit
// with promise operations pending (an accept and a recvfrom waiting).
import { spawnSync } from "node:child_process";
import { tsWorker } from "./worker.js";
import {
  accept, AF_INET, AF_UNIX, bind, connect, getsockname, htonl, INADDR_LOOPBACK, listen, sendto, sizeof, SOCK_DGRAM,
  SOCK_STREAM, sockaddr_in, socket, socketpair, socklen_t,
} from "../src/index.js";

function openMany(): number {
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const l = socket(AF_INET, SOCK_STREAM, 0);
  bind(l, a, sizeof(a));
  listen(l, 4);
  getsockname(l, a, new socklen_t(sizeof(a)));
  const c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, a, sizeof(a));
  accept(l, null, null);
  const c2 = socket(AF_INET, SOCK_STREAM, 0);
  connect(c2, a, sizeof(a)); // left in the accept queue
  const u = socket(AF_INET, SOCK_DGRAM, 0);
  const ua = new sockaddr_in(a);
  ua.sin_port = 0;
  bind(u, ua, sizeof(ua));
  getsockname(u, ua, new socklen_t(sizeof(ua)));
  sendto(u, "queued", 6, 0, ua, sizeof(ua));
  socketpair(AF_UNIX, SOCK_STREAM, 0, new Int32Array(2));
  return 7;
}

const mode = process.argv[2];
if (mode === "end") {
  openMany();
} else if (mode === "exit") {
  openMany();
  process.exit(0);
} else if (mode === "worker") {
  const w = tsWorker(import.meta.url, { argv: ["in-worker"] });
  w.on("message", () => process.exit(0));
} else if (mode === "in-worker") {
  openMany();
  const { parentPort } = await import("node:worker_threads");
  parentPort!.postMessage("open");
  setInterval(() => {}, 1000); // the worker stays busy holding its sockets
} else if (mode === "promises") {
  // Exit with promise operations pending: an accept and a recvfrom waiting on watchers.
  const P = await import("../src/promises.js");
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const l = socket(AF_INET, SOCK_STREAM, 0);
  bind(l, a, sizeof(a));
  listen(l, 4);
  const u = socket(AF_INET, SOCK_DGRAM, 0);
  bind(u, new sockaddr_in(a), sizeof(a));
  void P.accept(l, null, null).catch(() => {});
  void P.recvfrom(u, Buffer.alloc(16), 16, 0, null, null).catch(() => {});
  setTimeout(() => process.exit(0), 200);
} else {
  let ok = true;
  for (const m of ["end", "exit", "worker", "promises"]) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, m], { encoding: "utf8", timeout: 20_000 });
    const good = r.status === 0 && r.signal === null;
    ok &&= good;
    const verdict = r.stdout.includes("skipped") ? `SKIPPED (${r.stdout.trim()})` : good ? "OK" : `FAIL\n${r.stderr}`;
    console.log(`soak exit-open (${m}): exit code ${r.status}${r.signal ? ` signal ${r.signal}` : ""} in ${Date.now() - t0} ms ${verdict}`.trim());
  }
  process.exitCode = ok ? 0 : 1;
}
