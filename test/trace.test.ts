// BERKELEY_SOCKETS_TRACE=1: one strace-style line per native call on stderr,
// decoded (addresses by family, constants by name, errors as -1 ENAME (text)),
// and no wrapping at all when the variable is unset.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { native } from "../src/native.js";
import { netnsUnavailable, peer, root, type Peer } from "./helpers.js";

/** tsx's loader (`node --import tsx`, one process instead of the tsx binary's two). */
const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const TRACE = { BERKELEY_SOCKETS_TRACE: "1" };
const SLOW = 120_000;

function run(ctx: TestContext, args: string[], env: NodeJS.ProcessEnv = TRACE): Peer {
  const p = peer(process.execPath, ["--import", tsxLoader, ...args], env);
  ctx.onTestFinished(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exit();
  });
  return p;
}

const example = (name: string): string => join(root, "examples", `${name}.ts`);
const dir = mkdtempSync(join(tmpdir(), "bs-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A TypeScript program importing the package's sources, written to a temp file. */
function script(name: string, body: string): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `import * as bs from ${JSON.stringify(join(root, "src", "index.ts"))};\n${body}\n`);
  return file;
}

/** The trace lines of a run (descriptor numbers vary: tsx opens its own). */
const lines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.length > 0);

describe("trace off", () => {
  it.skipIf(process.env.BERKELEY_SOCKETS_TRACE)("the binding is the addon's own object, not a wrapper", () => {
    const require = createRequire(import.meta.url);
    const loaded = (require("node-gyp-build") as (d: string) => unknown)(root);
    expect(native).toBe(loaded);
  });

  it("a program prints nothing extra on stderr", { timeout: SLOW }, async (ctx) => {
    const r = await run(ctx, [example("addr_explorer"), "127.0.0.1", "8080"], { BERKELEY_SOCKETS_TRACE: "" }).exit();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe.concurrent("trace on", { timeout: SLOW }, () => {
  it("traces the TCP workflow of both examples, stdout unchanged", async (ctx) => {
    const srv = run(ctx, [example("tcp_server"), "0", "1"]);
    const [, port] = await srv.line(/^listening on 127\.0\.0\.1:(\d+)$/m);
    const cli = await run(ctx, [example("tcp_client"), "127.0.0.1", port!, 'say "hi"\n']).exit();
    const s = await srv.exit();
    expect(s.code).toBe(0);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(`connected to 127.0.0.1:${port}\nreply: echo: say "hi"\n\n`);

    const sin = (p: string | number): string => `{sin_family=AF_INET, sin_port=htons(${p}), sin_addr=inet_addr("127.0.0.1")}`;
    const server = lines(s.stderr);
    const fd = server[0]!.match(/^socket\(AF_INET, SOCK_STREAM, 0\) = (\d+)$/)?.[1];
    expect(fd, s.stderr).toBeDefined();
    expect(server.slice(0, 5)).toEqual([
      `socket(AF_INET, SOCK_STREAM, 0) = ${fd}`,
      `setsockopt(${fd}, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0`,
      `bind(${fd}, ${sin(0)}, 16) = 0`,
      `listen(${fd}, 16) = 0`,
      `getsockname(${fd}, ${sin(port!)}, [16]) = 0`,
    ]);
    // The program called accept: the trace says accept (accept4 underneath is the shim's business).
    expect(server.some((l) => l.startsWith("accept4(")), s.stderr).toBe(false);
    const accepted = server.find((l) => l.startsWith("accept("));
    const conn = accepted?.match(new RegExp(`^accept\\(${fd}, \\{sin_family=AF_INET, sin_port=htons\\(\\d+\\), sin_addr=inet_addr\\("127\\.0\\.0\\.1"\\)\\}, \\[16\\]\\) = (\\d+)$`))?.[1];
    expect(conn, s.stderr).toBeDefined();
    expect(server).toContain(`read(${conn}, "say \\"hi\\"\\n", 1024) = 9`);
    expect(server).toContain(`read(${conn}, "", 1015) = 0`);
    expect(server).toContain(`write(${conn}, "echo: ", 6) = 6`);
    expect(server).toContain(`close(${conn}) = 0`);
    expect(server.at(-1)).toBe(`close(${fd}) = 0`);

    const client = lines(cli.stderr);
    const cfd = client.find((l) => l.startsWith("socket("))?.match(/= (\d+)$/)?.[1];
    expect(client).toContain(`inet_pton(AF_INET, "127.0.0.1", [7f 00 00 01]) = 1`);
    expect(client).toContain(`connect(${cfd}, ${sin(port!)}, 16) = 0`);
    expect(client).toContain(`write(${cfd}, "say \\"hi\\"\\n", 9) = 9`);
    expect(client).toContain(`shutdown(${cfd}, SHUT_WR) = 0`);
    // The server writes the reply in two parts, so it may take one read or two.
    const reads = client.map((l) => l.match(new RegExp(`^read\\(${cfd}, "(.*)", \\d+\\) = \\d+$`))?.[1]).filter((x) => x !== undefined);
    expect(reads.join("")).toBe('echo: say \\"hi\\"\\n');
    expect(reads.at(-1)).toBe("");
  });

  it("traces the UDP workflow: timeval option, sendto and recvfrom addresses", async (ctx) => {
    const srv = run(ctx, [example("udp_server"), "0", "1"]);
    const [, port] = await srv.line(/^listening on 127\.0\.0\.1:(\d+)$/m);
    const cli = await run(ctx, [example("udp_client"), "127.0.0.1", port!, "ping"]).exit();
    const s = await srv.exit();
    expect(cli.code).toBe(0);
    expect(s.code).toBe(0);
    const cport = cli.stdout.match(/^bound to 127\.0\.0\.1:(\d+)$/m)?.[1];
    expect(cport, cli.stdout).toBeDefined();
    const sin = (p: string): string => `{sin_family=AF_INET, sin_port=htons(${p}), sin_addr=inet_addr("127.0.0.1")}`;
    const client = lines(cli.stderr);
    const cfd = client.find((l) => l.startsWith("socket("))?.match(/^socket\(AF_INET, SOCK_DGRAM, 0\) = (\d+)$/)?.[1];
    expect(cfd, cli.stderr).toBeDefined();
    expect(client).toContain(`setsockopt(${cfd}, SOL_SOCKET, SO_RCVTIMEO, {tv_sec=5, tv_usec=0}, 16) = 0`);
    expect(client).toContain(`sendto(${cfd}, "ping", 4, 0, ${sin(port!)}, 16) = 4`);
    expect(client).toContain(`recvfrom(${cfd}, "echo: ping", 2048, 0, ${sin(port!)}, [16]) = 10`);
    const server = lines(s.stderr);
    const sfd = server[0]!.match(/^socket\(AF_INET, SOCK_DGRAM, 0\) = (\d+)$/)?.[1];
    expect(server).toContain(`recvfrom(${sfd}, "ping", 1018, 0, ${sin(cport!)}, [16]) = 4`);
    expect(server).toContain(`sendto(${sfd}, "echo: ping", 10, 0, ${sin(cport!)}, 16) = 10`);
  });

  it("a failure is -1 ENAME (message), and perror still prints", async (ctx) => {
    // The TCP server gone, its port refuses: bind one without listening.
    const f = script("refused", `
const fd = bs.socket(bs.AF_INET, bs.SOCK_STREAM, 0);
const a = new bs.sockaddr_in(); a.sin_family = bs.AF_INET; a.sin_addr.s_addr = bs.htonl(bs.INADDR_LOOPBACK);
bs.bind(fd, a, bs.sizeof(a));
const len = new bs.socklen_t(bs.sizeof(a)); bs.getsockname(fd, a, len);
const c = bs.socket(bs.AF_INET, bs.SOCK_STREAM, 0);
if (bs.connect(c, a, bs.sizeof(a)) < 0) bs.perror("connect");
bs.close(c); bs.close(fd);
`);
    const r = await run(ctx, [f]).exit();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^connect\(\d+, \{sin_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, 16\) = -1 ECONNREFUSED \(Connection refused\)\nconnect: Connection refused\n/m);
  });

  it("decodes families, flags, options and buffers", async (ctx) => {
    const f = script("decode", `
const u = bs.socket(bs.AF_INET6, bs.SOCK_DGRAM | bs.SOCK_NONBLOCK, 0);
const a6 = new bs.sockaddr_in6(); a6.sin6_family = bs.AF_INET6; a6.sin6_port = bs.htons(0); a6.sin6_addr = bs.in6addr_loopback;
bs.bind(u, a6, bs.sizeof(a6));
const buf = Buffer.alloc(64);
bs.recv(u, buf, buf.length, bs.MSG_DONTWAIT | bs.MSG_PEEK);
bs.fcntl(u, bs.F_SETFL, bs.O_NONBLOCK);
bs.close(u);
const s = bs.socket(bs.AF_UNIX, bs.SOCK_STREAM, 0);
const un = new bs.sockaddr_un(); un.sun_family = bs.AF_UNIX; un.sun_path = "\\0bs-trace-" + process.pid;
bs.bind(s, un, bs.sizeof(un));
bs.setsockopt(s, bs.SOL_SOCKET, bs.SO_LINGER, new bs.linger({ l_onoff: 1, l_linger: 0 }), bs.sizeof(bs.linger));
const type = new Int32Array(1); const tlen = new bs.socklen_t(bs.sizeof(type));
bs.getsockopt(s, bs.SOL_SOCKET, bs.SO_TYPE, type, tlen);
bs.close(s);
const t = bs.socket(bs.AF_INET, bs.SOCK_STREAM, 0);
bs.setsockopt(t, bs.IPPROTO_TCP, bs.TCP_NODELAY, 1, bs.sizeof(1));
bs.close(t);
const sv = new Int32Array(2);
bs.socketpair(bs.AF_UNIX, bs.SOCK_DGRAM, 0, sv);
bs.send(sv[0], Buffer.from([0x61, 0x0a, 0, 0x31, 0xff, 0x22]), 6, 0);
bs.send(sv[0], "x".repeat(40), 40, 0);
bs.close(sv[0]); bs.close(sv[1]);
bs.close(9999);
`);
    const r = await run(ctx, [f]).exit();
    expect(r.code).toBe(0);
    const t = lines(r.stderr);
    const has = (re: RegExp): void => expect(t.some((l) => re.test(l)), `${re}\n${t.join("\n")}`).toBe(true);
    has(/^socket\(AF_INET6, SOCK_DGRAM\|SOCK_NONBLOCK, 0\) = \d+$/);
    has(/^bind\(\d+, \{sin6_family=AF_INET6, sin6_port=htons\(0\), sin6_flowinfo=htonl\(0\), inet_pton\(AF_INET6, "::1", &sin6_addr\), sin6_scope_id=0\}, 28\) = 0$/);
    has(/^recv\(\d+, <64 bytes>, 64, MSG_PEEK\|MSG_DONTWAIT\) = -1 EAGAIN \(Resource temporarily unavailable\)$/);
    has(/^fcntl\(\d+, F_SETFL, O_RDONLY\|O_NONBLOCK\) = 0$/);
    has(/^socket\(AF_UNIX, SOCK_STREAM, 0\) = \d+$/);
    has(new RegExp(`^bind\\(\\d+, \\{sun_family=AF_UNIX, sun_path=@"bs-trace-\\d+(\\\\0)+"\\.\\.\\.\\}, 110\\) = 0$`));
    has(/^setsockopt\(\d+, SOL_SOCKET, SO_LINGER, \{l_onoff=1, l_linger=0\}, 8\) = 0$/);
    has(/^getsockopt\(\d+, SOL_SOCKET, SO_TYPE, \[1\], \[4\]\) = 0$/);
    has(/^setsockopt\(\d+, IPPROTO_TCP, TCP_NODELAY, \[1\], 4\) = 0$/);
    has(/^socketpair\(AF_UNIX, SOCK_DGRAM, 0, \[\d+, \d+\]\) = 0$/);
    has(/^send\(\d+, "a\\n\\0001\\377\\"", 6, 0\) = 6$/);
    has(/^send\(\d+, "x{32}"\.\.\., 40, 0\) = 40$/);
    has(/^close\(9999\) = -1 EBADF \(Bad file descriptor\)$/);
  });

  it("a call that returns a pointer fails as NULL with its errno (h_errno), not -1", async (ctx) => {
    const f = script("pointers", `
bs.inet_ntop(12345, new bs.in_addr(), null, 16);
bs.inet_ntop(bs.AF_INET, new bs.in_addr(), null, 2);
bs.inet_ntop(bs.AF_INET, new bs.in_addr(), null, 16);
bs.if_indextoname(0x7fffffff, null);
bs.getservbyname("bs-no-such-service", "tcp");
bs.getprotobynumber(255);
bs.accept(9999, null, null);
bs.accept4(9999, null, null, bs.SOCK_NONBLOCK);
`);
    const r = await run(ctx, [f]).exit();
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      "inet_ntop(12345, [00 00 00 00], 16) = NULL EAFNOSUPPORT (Address family not supported by protocol)",
      "inet_ntop(AF_INET, [00 00 00 00], 2) = NULL ENOSPC (No space left on device)",
      'inet_ntop(AF_INET, [00 00 00 00], 16) = "0.0.0.0"',
      "if_indextoname(2147483647) = NULL ENXIO (No such device or address)",
      'getservbyname("bs-no-such-service", "tcp") = NULL',
      expect.stringMatching(/^getprotobynumber\(255\) = (NULL|\{p_name="reserved", .*\})$/),
      "accept(9999, NULL, NULL) = -1 EBADF (Bad file descriptor)",
      "accept4(9999, NULL, NULL, SOCK_NONBLOCK) = -1 EBADF (Bad file descriptor)",
    ]);
  });

  it.skipIf(netnsUnavailable() !== null)("a failed host lookup traces as NULL with its h_errno (in a network namespace of its own: no query leaves)", async (ctx) => {
    const f = script("hostent", `bs.gethostbyname("bs-no-such-host.invalid");`);
    const p = peer("unshare", ["-n", process.execPath, "--import", tsxLoader, f], TRACE);
    ctx.onTestFinished(async () => {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
      await p.exit();
    });
    const r = await p.exit();
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^gethostbyname\("bs-no-such-host\.invalid"\) = NULL h_errno=[A-Z_]+ \(.+\)( errno=E[A-Z]+ \(.+\))?$/)]);
  });

  it("traces getaddrinfo with its hints and results", async (ctx) => {
    const f = script("gai", `
const hints = new bs.addrinfo(); hints.ai_family = bs.AF_INET; hints.ai_socktype = bs.SOCK_STREAM; hints.ai_flags = bs.AI_NUMERICHOST | bs.AI_NUMERICSERV;
const res = new bs.ptr<bs.addrinfo>();
bs.getaddrinfo("127.0.0.1", "8080", hints, res);
bs.getaddrinfo("not a number", "8080", hints, res);
`);
    const r = await run(ctx, [f]).exit();
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'getaddrinfo("127.0.0.1", "8080", {ai_flags=AI_NUMERICHOST|AI_NUMERICSERV, ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=0}) = 0 => ' +
        '[{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr={sin_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}}]',
      'getaddrinfo("not a number", "8080", {ai_flags=AI_NUMERICHOST|AI_NUMERICSERV, ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=0}) = -2 EAI_NONAME (Name or service not known)',
    ]);
  });

  it("a shim that throws is traced and still throws", async (ctx) => {
    // The facade validates first, so go through the raw binding as any caller of the .node file could.
    const f = script("throws", `
import { native } from ${JSON.stringify(join(root, "src", "native.ts"))};
try { (native.bind as (...a: unknown[]) => number)("x", null, 0); } catch (e) { console.log("threw", (e as Error).name); }
`);
    const r = await run(ctx, [f]).exit();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^threw TypeError\n$/);
    expect(r.stderr).toMatch(/^bind\("x", NULL, 0\) = \? <TypeError: .*>\n$/);
  });
});
