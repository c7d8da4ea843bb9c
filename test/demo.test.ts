// npm run demo: the workflows end to end, traced, and nothing but loopback.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./helpers.js";

/** Runs demo/demo.mjs (dist/ is built by npm test / npm run demo first); kills it if the test ends early. */
function demo(onEnd: (f: () => void) => void): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [join(root, "demo", "demo.mjs")], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
  onEnd(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return new Promise((res) => child.on("close", (code) => res({ code, out })));
}

describe("demo", () => {
  it("runs every workflow, server and client interleaved, each call strace-style", { timeout: 120_000 }, async (ctx) => {
    const { code, out } = await demo((f) => ctx.onTestFinished(f));
    expect(code, out).toBe(0);
    const port = out.match(/^tcp_server +\| listening on 127\.0\.0\.1:(\d+)$/m)?.[1];
    expect(port, out).toBeDefined();
    const expected = [
      /^tcp_server +socket\(AF_INET, SOCK_STREAM, 0\) = \d+$/m,
      /^tcp_server +bind\(\d+, \{sin_family=AF_INET, sin_port=htons\(0\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, 16\) = 0$/m,
      new RegExp(`^tcp_client +connect\\(\\d+, \\{sin_family=AF_INET, sin_port=htons\\(${port}\\), sin_addr=inet_addr\\("127\\.0\\.0\\.1"\\)\\}, 16\\) = 0$`, "m"),
      /^tcp_server +accept\(\d+, \{sin_family=AF_INET, .*\}, \[16\]\) = \d+$/m,
      /^tcp_client +\| reply: echo: hello from client 1$/m,
      /^tcp_client +\| reply: echo: hello from client 2$/m,
      new RegExp(`^tcp_client +connect\\(\\d+, \\{.*htons\\(${port}\\).*\\}, 16\\) = -1 ECONNREFUSED \\(Connection refused\\)$`, "m"),
      /^tcp_client +\| connect: Connection refused$/m,
      /^udp_server +recvfrom\(\d+, "one datagram", \d+, 0, \{sin_family=AF_INET, .*\}, \[16\]\) = 12$/m,
      /^udp_client +\| reply from 127\.0\.0\.1:\d+: echo: one datagram$/m,
      /^addr_explorer +bind\(\d+, \{.*\}, 16\) = -1 EADDRINUSE \(Address already in use\)$/m,
      /^addr_explorer +listen\(\d+, 1\) = -1 EADDRINUSE \(Address already in use\)$/m,
    ];
    for (const re of expected) expect(out).toMatch(re);
    // Network safety: every IPv4 address the demo shows is in 127.0.0.0/8, and
    // every IPv6 address is ::1 or the v4-mapped form of a 127.x address.
    const v4 = [...out.matchAll(/inet_addr\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(v4.length).toBeGreaterThan(10);
    for (const a of v4) expect(a).toMatch(/^127\./);
    for (const m of out.matchAll(/inet_pton\(AF_INET6, "([^"]+)"/g)) expect(m[1]).toMatch(/^(::1|0:0:0:0:0:0:0:1|::ffff:127\.\d+\.\d+\.\d+)$/);
  });
});
