// (Tests here run concurrently, so descriptors are closed by each test's own
// onTestFinished rather than the shared afterEach of helpers.ts.)
// The examples of examples/: each C program (compiled here with the system
// compiler) and its TypeScript port talk to each other in both directions,
// to python3's socket module, and print the same output for the same input.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it, type TestContext } from "vitest";
import { AF_INET, SOCK_STREAM, bind, close, getsockname, ntohs, sizeof, sockaddr_in, socket, socklen_t } from "../src/index.js";
import { compileC, loopback4, peer, root, type Peer } from "./helpers.js";

type Lang = "c" | "ts";
const programs = ["tcp_server", "tcp_client", "udp_server", "udp_client", "addr_explorer"] as const;
type Program = (typeof programs)[number];
const binaries = new Map<Program, string>();

beforeAll(() => {
  for (const p of programs) binaries.set(p, compileC(`examples/${p}.c`));
}, 120_000);

/**
 * tsx's loader: `node --import tsx file.ts` is what the tsx binary runs, in
 * one process instead of two (half the start-up time, and a kill reaches it).
 */
const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;

/** The examples' stderr is compared exactly: no trace lines, even if the suite runs traced. */
const UNTRACED = { BERKELEY_SOCKETS_TRACE: "" };

/** Starts one example, killed (if still running) when the test ends. */
function start(ctx: TestContext, lang: Lang, program: Program, args: string[]): Peer {
  const p = lang === "c" ? peer(binaries.get(program)!, args) : peer(process.execPath, ["--import", tsxLoader, join(root, "examples", `${program}.ts`), ...args], UNTRACED);
  ctx.onTestFinished(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exit();
  });
  return p;
}

/** Starts a python3 peer, killed (if still running) when the test ends. */
function python(ctx: TestContext, script: string, args: string[] = []): Peer {
  const p = peer("python3", ["-c", script, ...args]);
  ctx.onTestFinished(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exit();
  });
  return p;
}

// Each test starts several tsx processes; on a loaded machine that is slow.
const SLOW = 120_000;
const LISTENING = /^listening on 127\.0\.0\.1:(\d+)$/m;
/** Ephemeral ports differ from run to run: 127.0.0.1:40123 -> 127.0.0.1:PORT. */
const normalise = (s: string): string => s.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
const MESSAGE = "héllo, wörld: 1 2 3";
const both: [Lang, Lang][] = [
  ["c", "ts"],
  ["ts", "c"],
  ["ts", "ts"],
  ["c", "c"],
];

describe("the TypeScript ports", () => {
  it("typecheck against the package's declarations (strict)", () => {
    // examples/ import "berkeley-sockets", i.e. dist/ (npm test builds it first).
    const r = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "examples")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("keep C's call order: the same socket calls, in the same order, as the C file", () => {
    const calls = /(?<![.\w])(socket|bind|listen|accept|connect|read|write|recvfrom|sendto|shutdown|close|getsockname|setsockopt|getaddrinfo|inet_pton|inet_ntop|inet_aton)\(/g;
    for (const p of programs) {
      const c = [...readFileSync(join(root, "examples", `${p}.c`), "utf8").matchAll(calls)].map((m) => m[1]);
      const ts = [...readFileSync(join(root, "examples", `${p}.ts`), "utf8").matchAll(calls)].map((m) => m[1]);
      expect(ts, p).toEqual(c);
    }
  });
});

describe.concurrent("tcp_server <-> tcp_client", { timeout: SLOW }, () => {
  for (const [server, client] of both) {
    it(`${server.toUpperCase()} server, ${client.toUpperCase()} client`, async (ctx) => {
      const srv = start(ctx, server, "tcp_server", ["0", "2"]);
      const [, port] = await srv.line(LISTENING);
      for (const msg of [MESSAGE, "second client"]) {
        const cli = await start(ctx, client, "tcp_client", ["127.0.0.1", port!, msg]).exit();
        expect(cli.stderr).toBe("");
        expect(cli.code).toBe(0);
        expect(cli.stdout).toBe(`connected to 127.0.0.1:${port}\nreply: echo: ${msg}\n`);
      }
      const s = await srv.exit();
      expect(s.code).toBe(0);
      expect(normalise(s.stdout)).toBe(
        [
          "listening on 127.0.0.1:PORT",
          "accepted 127.0.0.1:PORT",
          `read ${Buffer.byteLength(MESSAGE)} bytes: ${MESSAGE}`,
          "accepted 127.0.0.1:PORT",
          "read 13 bytes: second client",
          "served 2 clients",
          "",
        ].join("\n"),
      );
    });
  }

  for (const lang of ["c", "ts"] as const) {
    it(`${lang.toUpperCase()} client: connect to a port nobody listens on -> perror, exit 1`, async (ctx) => {
      // A port bound (so no one else takes it) but not listening refuses connections.
      const fd = socket(AF_INET, SOCK_STREAM, 0);
      expect(fd).toBeGreaterThanOrEqual(0);
      ctx.onTestFinished(() => void close(fd));
      expect(bind(fd, loopback4(0), sizeof(sockaddr_in))).toBe(0);
      const addr = new sockaddr_in();
      expect(getsockname(fd, addr, new socklen_t(sizeof(addr)))).toBe(0);
      const r = await start(ctx, lang, "tcp_client", ["127.0.0.1", String(ntohs(addr.sin_port)), "x"]).exit();
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe("connect: Connection refused\n");
    });

    it(`${lang.toUpperCase()} client: a host that is not an IPv4 literal -> usage error, nothing sent`, async (ctx) => {
      const r = await start(ctx, lang, "tcp_client", ["localhost", "1", "x"]).exit();
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("tcp_client: not an IPv4 address: localhost\n");
    });
  }
});

describe.concurrent("udp_server <-> udp_client", { timeout: SLOW }, () => {
  for (const [server, client] of both) {
    it(`${server.toUpperCase()} server, ${client.toUpperCase()} client`, async (ctx) => {
      const srv = start(ctx, server, "udp_server", ["0", "2"]);
      const [, port] = await srv.line(LISTENING);
      const clientPorts: string[] = [];
      for (const msg of [MESSAGE, "second datagram"]) {
        const cli = await start(ctx, client, "udp_client", ["127.0.0.1", port!, msg]).exit();
        expect(cli.stderr).toBe("");
        expect(cli.code).toBe(0);
        const m = cli.stdout.match(/^bound to 127\.0\.0\.1:(\d+)\nreply from 127\.0\.0\.1:(\d+): (.*)\n$/);
        expect(m, cli.stdout).not.toBeNull();
        expect(m![2]).toBe(port);
        expect(m![3]).toBe(`echo: ${msg}`);
        clientPorts.push(m![1]!);
      }
      const s = await srv.exit();
      expect(s.code).toBe(0);
      // The server saw each datagram come from the port its client bound.
      expect(s.stdout).toBe(
        [
          `listening on 127.0.0.1:${port}`,
          `received ${Buffer.byteLength(MESSAGE)} bytes from 127.0.0.1:${clientPorts[0]}: ${MESSAGE}`,
          `received 15 bytes from 127.0.0.1:${clientPorts[1]}: second datagram`,
          "served 2 datagrams",
          "",
        ].join("\n"),
      );
    });
  }
});

// python3's socket module as the other end.
const PY_TCP_CLIENT = `
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
s.sendall(sys.argv[2].encode())
s.shutdown(socket.SHUT_WR)
reply = b""
while True:
    d = s.recv(4096)
    if not d:
        break
    reply += d
s.close()
print(reply.decode())
`;
const PY_TCP_SERVER = `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(20)
print("listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
c, peer = s.accept()
c.settimeout(20)
data = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    data += d
c.sendall(b"echo: " + data)
c.close()
s.close()
print("python read:", data.decode())
`;
const PY_UDP_CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(20)
s.sendto(sys.argv[2].encode(), ("127.0.0.1", int(sys.argv[1])))
data, frm = s.recvfrom(4096)
s.close()
print("%d %s" % (frm[1], data.decode()))
`;
const PY_UDP_SERVER = `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(20)
print("listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
data, frm = s.recvfrom(4096)
s.sendto(b"echo: " + data, frm)
s.close()
print("python received from %s:%d: %s" % (frm[0], frm[1], data.decode()))
`;

describe.concurrent("python3 socket module as the peer", { timeout: SLOW }, () => {
  it("python TCP client -> TS tcp_server", async (ctx) => {
    const srv = start(ctx, "ts", "tcp_server", ["0", "1"]);
    const [, port] = await srv.line(LISTENING);
    const py = await python(ctx, PY_TCP_CLIENT, [port!, MESSAGE]).exit();
    expect(py.stderr).toBe("");
    expect(py.stdout).toBe(`echo: ${MESSAGE}\n`);
    const s = await srv.exit();
    expect(s.code).toBe(0);
    expect(s.stdout).toContain(`read ${Buffer.byteLength(MESSAGE)} bytes: ${MESSAGE}\nserved 1 clients\n`);
  });

  it("TS tcp_client -> python TCP server", async (ctx) => {
    const py = python(ctx, PY_TCP_SERVER);
    const [, port] = await py.line(LISTENING);
    const cli = await start(ctx, "ts", "tcp_client", ["127.0.0.1", port!, MESSAGE]).exit();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(`connected to 127.0.0.1:${port}\nreply: echo: ${MESSAGE}\n`);
    const p = await py.exit();
    expect(p.stderr).toBe("");
    expect(p.stdout).toContain(`python read: ${MESSAGE}\n`);
  });

  it("python UDP client -> TS udp_server", async (ctx) => {
    const srv = start(ctx, "ts", "udp_server", ["0", "1"]);
    const [, port] = await srv.line(LISTENING);
    const py = await python(ctx, PY_UDP_CLIENT, [port!, MESSAGE]).exit();
    expect(py.stderr).toBe("");
    expect(py.stdout).toBe(`${port} echo: ${MESSAGE}\n`);
    const s = await srv.exit();
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(new RegExp(`received ${Buffer.byteLength(MESSAGE)} bytes from 127\\.0\\.0\\.1:\\d+: ${MESSAGE}\nserved 1 datagrams\n$`));
  });

  it("TS udp_client -> python UDP server", async (ctx) => {
    const py = python(ctx, PY_UDP_SERVER);
    const [, port] = await py.line(LISTENING);
    const cli = await start(ctx, "ts", "udp_client", ["127.0.0.1", port!, MESSAGE]).exit();
    expect(cli.code).toBe(0);
    const bound = cli.stdout.match(/^bound to 127\.0\.0\.1:(\d+)\n/);
    expect(bound, cli.stdout).not.toBeNull();
    expect(cli.stdout).toBe(`bound to 127.0.0.1:${bound![1]}\nreply from 127.0.0.1:${port}: echo: ${MESSAGE}\n`);
    const p = await py.exit();
    expect(p.stderr).toBe("");
    expect(p.stdout).toBe(`listening on 127.0.0.1:${port}\npython received from 127.0.0.1:${bound![1]}: ${MESSAGE}\n`);
  });
});

// "localhost" only where /etc/hosts names it: the lookup must not leave the machine.
const hostsFile = existsSync("/etc/hosts") ? readFileSync("/etc/hosts", "utf8") : "";
const localhostInHosts = /^\s*127\.0\.0\.1\s.*\blocalhost\b/m.test(hostsFile);

describe.concurrent("addr_explorer: C and TypeScript print the same", { timeout: SLOW }, () => {
  const cases: string[][] = [["127.0.0.1", "8080"], ["::1", "9"], ["127.0.0.1", "no-such-service-name"]];
  if (localhostInHosts) cases.push(["localhost", "8080"]);
  for (const args of cases) {
    it(`addr_explorer ${args.join(" ")}`, async (ctx) => {
      const [c, ts] = await Promise.all([start(ctx, "c", "addr_explorer", args).exit(), start(ctx, "ts", "addr_explorer", args).exit()]);
      expect(ts.code).toBe(0);
      expect(c.code).toBe(0);
      expect(ts.stderr).toBe("");
      expect(normalise(ts.stdout)).toBe(normalise(c.stdout));
    });
  }

  it("reports what the kernel did: port 0, EADDRINUSE, ENOSPC, SO_REUSEADDR", async (ctx) => {
    const r = await start(ctx, "ts", "addr_explorer", ["127.0.0.1", "8080"]).exit();
    const out = normalise(r.stdout);
    expect(out).toContain('== getaddrinfo("127.0.0.1", "8080")\n  AF_INET SOCK_STREAM protocol 6 addrlen 16: 127.0.0.1 port 8080\n');
    expect(out).toContain('inet_pton(AF_INET6, "0:0:0:0:0:0:0:1") = 1: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 -> inet_ntop "::1"\n');
    expect(out).toContain('inet_pton(AF_INET, "127.1") = 0\n');
    expect(out).toContain('inet_aton("127.1") = 1: 127.0.0.1\n');
    expect(out).toContain("inet_pton(AF_UNIX, \"127.0.0.1\") = -1 EAFNOSUPPORT (Address family not supported by protocol)\n");
    expect(out).toContain("inet_ntop into 8 bytes = NULL ENOSPC (No space left on device)\n");
    expect(out).toMatch(/getsockname\(first\): 127\.0\.0\.1:PORT\n  bind\(second, same port\) = -1 EADDRINUSE \(Address already in use\)\n/);
    expect(out).toContain("bind(new socket, same port) without SO_REUSEADDR = -1 EADDRINUSE (Address already in use)\n");
    expect(out).toContain("bind(new socket, same port) with SO_REUSEADDR = 0\n");
    expect(out).toContain("listen(a) = 0\n  listen(b) = -1 EADDRINUSE (Address already in use)\n");
  });
});
