// The addon is context-aware: it loads in worker threads, each thread has its
// own errno, and a blocking call in a worker does not block the main thread.
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { loopback4, root, sock } from "./helpers.js";

/** Runs TypeScript source in a worker (tsx's loader), resolving with its message. */
function runWorker(body: string, workerData: unknown = null): Promise<unknown> {
  const src = `
    import { parentPort, workerData } from "node:worker_threads";
    import * as S from ${JSON.stringify(pathToFileURL(`${root}/dist/index.js`).href)};
    ${body}`;
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), { workerData });
    w.once("message", (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

describe("worker threads", () => {
  it("each thread has its own errno", async () => {
    expect(S.close(1_000_004)).toBe(-1);
    expect(S.errno).toBe(S.EBADF);
    const got = await runWorker(`
      const fd = S.socket(99999, 1, 0);
      parentPort.postMessage([fd, S.errno]);`);
    expect(got).toEqual([-1, S.EAFNOSUPPORT]);
    expect(S.errno).toBe(S.EBADF);
  });

  it("a worker blocked in accept() leaves the main thread free, then serves it", async () => {
    const l = sock(S.AF_INET, S.SOCK_STREAM);
    const a = loopback4(0);
    S.bind(l, a, S.sizeof(a));
    S.listen(l, 1);
    S.getsockname(l, a, new S.socklen_t(16));
    const served = runWorker(
      `
      const conn = S.accept(workerData, null, null);
      const buf = Buffer.alloc(5);
      const n = S.read(conn, buf, 5);
      S.write(conn, "pong!", 5);
      S.close(conn);
      parentPort.postMessage([n, buf.toString()]);`,
      l,
    );
    // The main thread keeps running timers while the worker blocks.
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    expect(Date.now() - t0).toBeLessThan(1000);
    const c = sock(S.AF_INET, S.SOCK_STREAM);
    expect(S.connect(c, a, S.sizeof(a))).toBe(0);
    expect(S.write(c, "ping!", 5)).toBe(5);
    expect(await served).toEqual([5, "ping!"]);
    const b = Buffer.alloc(5);
    expect(S.read(c, b, 5)).toBe(5);
    expect(b.toString()).toBe("pong!");
  });

  it("eight workers load the module at once and run the workflow", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runWorker(`
          const sv = new Int32Array(2);
          S.socketpair(S.AF_UNIX, S.SOCK_STREAM, 0, sv);
          S.write(sv[0], "w", 1);
          const b = Buffer.alloc(1);
          const n = S.read(sv[1], b, 1);
          S.close(sv[0]); S.close(sv[1]);
          parentPort.postMessage([n, b.toString(), S.sizeof(new S.sockaddr_in())]);`),
      ),
    );
    for (const r of results) expect(r).toEqual([1, "w", 16]);
  });
});
