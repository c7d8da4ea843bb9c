// Soak: the module loaded in 8 worker threads at once, each running the core
// workload (socket, bind, setsockopt/getsockopt, sendto/recvfrom, a TCP
// connect/accept, close) in a loop, terminated mid-operation; repeated for
// several rounds. The process must stay healthy: the main thread keeps working,
// memory stays bounded, and descriptors leaked by terminated workers are only
// the ones open at the moment of termination (descriptors are plain integers,
// as in C: terminating a thread does not close them).
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { tsWorker } from "./worker.js";
import {
  accept4, AF_INET, bind, close, connect, EAGAIN, errno, getsockname, getsockopt, htonl, INADDR_LOOPBACK, listen, recvfrom,
  sendto, setsockopt, sizeof, SO_RCVBUF, SO_RCVTIMEO, SO_REUSEADDR, SOCK_DGRAM, SOCK_STREAM, sockaddr_in, socket,
  socklen_t, SOL_SOCKET, strerror, timeval,
} from "../src/index.js";

const WORKERS = 8;
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 5);

function loopback(): sockaddr_in {
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

/** One iteration of the core workload; returns the number of calls made. */
function workload(): number {
  const must = (r: number, what: string): number => {
    if (r < 0) throw new Error(`${what}: ${strerror(errno)}`);
    return r;
  };
  const u = must(socket(AF_INET, SOCK_DGRAM, 0), "socket");
  const a = loopback();
  must(setsockopt(u, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1)), "setsockopt");
  const tv = new timeval({ tv_sec: 0, tv_usec: 100_000 }); // a blocked call ends within 100 ms
  must(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv)), "SO_RCVTIMEO");
  must(bind(u, a, sizeof(a)), "bind");
  must(getsockname(u, a, new socklen_t(sizeof(a))), "getsockname");
  const v = new Int32Array(1);
  must(getsockopt(u, SOL_SOCKET, SO_RCVBUF, v, new socklen_t(4)), "getsockopt");
  const buf = Buffer.alloc(256);
  for (let i = 0; i < 20; i++) {
    must(sendto(u, buf, 100, 0, a, sizeof(a)), "sendto");
    // On a loaded machine the datagram can take longer than the 100 ms timeout to arrive.
    let r: number;
    while ((r = recvfrom(u, buf, buf.length, 0, null, null)) < 0 && errno === EAGAIN) continue;
    must(r, "recvfrom");
  }
  const l = must(socket(AF_INET, SOCK_STREAM, 0), "socket");
  const la = loopback();
  must(bind(l, la, sizeof(la)), "bind");
  must(listen(l, 4), "listen");
  must(getsockname(l, la, new socklen_t(sizeof(la))), "getsockname");
  const c = must(socket(AF_INET, SOCK_STREAM, 0), "socket");
  must(connect(c, la, sizeof(la)), "connect");
  const s = must(accept4(l, null, null, 0), "accept");
  for (const fd of [s, c, l, u]) must(close(fd), "close");
  return 34;
}

if (isMainThread) {
  const { readdirSync } = await import("node:fs");
  const fds = (): number => readdirSync("/proc/self/fd").length - 1;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  workload();
  gc();
  const fds0 = fds();
  const rss0 = process.memoryUsage().rss;
  let calls = 0;
  let leaked = 0;
  const rssAfter: number[] = [];
  const t0 = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    const before = fds();
    const workers = Array.from({ length: WORKERS }, (_, i) => tsWorker(import.meta.url, { workerData: i }));
    let started = 0;
    await new Promise<void>((resolve, reject) => {
      for (const w of workers) {
        w.on("error", reject);
        w.on("message", (m: { started?: boolean; calls?: number }) => {
          if (m.started && ++started === WORKERS) setTimeout(resolve, 300); // all busy: let them run a while
          if (m.calls) calls += m.calls;
        });
      }
    });
    // Terminate every worker mid-operation.
    await Promise.all(workers.map((w) => w.terminate()));
    // The process is healthy: the main thread's own workload still runs.
    workload();
    leaked += fds() - before;
    gc();
    rssAfter.push(Math.round(process.memoryUsage().rss / 2 ** 20));
  }
  const ms = Date.now() - t0;
  gc();
  const rss = (process.memoryUsage().rss - rss0) / 2 ** 20;
  console.log(
    `soak workers: ${ROUNDS} rounds of ${WORKERS} workers terminated mid-operation in ${(ms / 1000).toFixed(1)} s; ` +
      `${calls.toLocaleString("en")}+ calls reported by workers; main thread healthy; ` +
      `descriptors left open by terminated workers: ${leaked} (at most 4 per worker, the socket(s) of the iteration cut short); ` +
      `descriptors ${fds0} -> ${fds()}; RSS ${rss >= 0 ? "+" : ""}${rss.toFixed(1)} MB (MB after each round: ${rssAfter.join(", ")})`,
  );
  process.exitCode = leaked <= ROUNDS * WORKERS * 4 ? 0 : 1;
} else {
  parentPort!.postMessage({ started: true });
  let calls = 0;
  for (;;) {
    calls += workload();
    if (calls % 3400 === 0) parentPort!.postMessage({ calls: 3400 });
  }
}
void workerData;
