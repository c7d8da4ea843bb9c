// The installed tarball's linux-arm64 prebuild, run by Node for arm64 under
// qemu-user (scripts/arm64.sh fetches it and installs qemu and the cross
// compiler): the exchange of exchange.cjs from ESM and CommonJS, the struct
// layouts against a C program compiled for arm64, and the loopback workflows
// of examples/ with the TypeScript ports (compiled by tsc) and the C programs
// (by aarch64-linux-gnu-gcc) all running as arm64 under qemu.
// What qemu-user cannot emulate (some socket options, some sendmsg control
// data) is listed in docs/packaging.md; nothing here needs it.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, inject, it, type TestContext } from "vitest";
import { compileC, peer, type Peer } from "../helpers.js";
import { layoutLines, layoutProgram } from "../layout.js";
import { exchanged, noCompilerEnv } from "./common.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = inject("installed");
const SYSROOT = "/usr/aarch64-linux-gnu";
const CROSS_CC = "aarch64-linux-gnu-gcc";
const env = noCompilerEnv(pkg.nocc);
let qemu = "";
let node = "";
const examples = join(pkg.project, "examples");
const cPrograms = ["tcp_server", "tcp_client", "udp_server", "udp_client", "addr_explorer", "echo_client"] as const;
const binaries = new Map<string, string>();

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(() => {
  expect(pkg.error).toBeNull();
  node = sh("bash", [join(root, "scripts/arm64.sh"), "node"]);
  qemu = sh("/bin/sh", ["-c", "command -v qemu-aarch64-static"]);
  // The ports import "berkeley-sockets": compiled into the project, they get the installed copy.
  sh(join(root, "node_modules/.bin/tsc"), ["-p", join(root, "examples"), "--noEmit", "false", "--outDir", examples]);
  for (const p of cPrograms) binaries.set(p, compileC(`examples/${p}.c`, [], CROSS_CC));
});

/** Runs an arm64 program (or the arm64 node with a script) under qemu, to completion. */
function arm64Sync(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(qemu, ["-L", SYSROOT, ...args], { cwd: pkg.project, env, encoding: "utf8" });
}

type Lang = "c" | "ts";
/** Starts an example as arm64 under qemu (the C program, or the TS port on the arm64 node); killed when the test ends. */
function start(ctx: TestContext, lang: Lang, program: string, args: string[]): Peer {
  const cmd = lang === "c" ? [binaries.get(program)!] : [node, join(examples, `${program}.js`)];
  const p = peer(qemu, ["-L", SYSROOT, ...cmd, ...args], { ...env, BERKELEY_SOCKETS_TRACE: "" });
  ctx.onTestFinished(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exit();
  });
  return p;
}

const LISTENING = /^listening on 127\.0\.0\.1:(\d+)$/m;
const normalise = (s: string): string => s.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
const MESSAGES = ["héllo, wörld: 1 2 3", "second client"];

/** A server and one client per message, in the given languages: everything each printed, ports normalised. */
async function workflow(ctx: TestContext, kind: "tcp" | "udp", server: Lang, clients: Lang[]): Promise<string[]> {
  const srv = start(ctx, server, `${kind}_server`, ["0", String(clients.length)]);
  const [, port] = await srv.line(LISTENING);
  const out: string[] = [];
  for (const [i, lang] of clients.entries()) {
    const c = await start(ctx, lang, `${kind}_client`, ["127.0.0.1", port!, MESSAGES[i]!]).exit();
    out.push(`client ${c.code}: ${normalise(c.stdout)}${c.stderr}`);
  }
  const s = await srv.exit();
  return [`server ${s.code}: ${normalise(s.stdout)}${s.stderr}`, ...out];
}

describe("linux-arm64 under qemu: the installed copy", () => {
  it("imports from ESM on the arm64 node: the UDP exchange, blocking and through promises, on the linux-arm64 prebuild", () => {
    const r = arm64Sync([node, "esm.mjs"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(exchanged("esm", "arm64"));
  });

  it("requires from CommonJS on the arm64 node: the same exchange", () => {
    const r = arm64Sync([node, "cjs.cjs"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(exchanged("cjs", "arm64"));
  });

  it("struct layouts match sizeof/offsetof of a C program compiled for arm64", () => {
    const layout = JSON.parse(arm64Sync([node, "layout.cjs"]).stdout);
    expect(layout.epoll_event.size).toBe(16); // 12 on x86-64, where the struct is packed: this is arm64's table
    const c = arm64Sync([compileC(layoutProgram(layout), [], CROSS_CC)]);
    expect(c.status).toBe(0);
    expect(c.stdout.trim().split("\n")).toEqual(layoutLines(layout));
  });
});

describe.concurrent("examples/ on arm64 under qemu: the TypeScript ports print what the C programs print", () => {
  for (const kind of ["tcp", "udp"] as const) {
    it(`${kind}_server <-> ${kind}_client`, async (ctx) => {
      const reference = await workflow(ctx, kind, "c", ["c", "c"]);
      expect(reference[0]).toMatch(/^server 0: listening on 127\.0\.0\.1:PORT\n/);
      expect(reference.slice(1).every((c) => c.startsWith("client 0: "))).toBe(true);
      expect(await workflow(ctx, kind, "ts", ["c", "ts"])).toEqual(reference);
      expect(await workflow(ctx, kind, "c", ["ts", "c"])).toEqual(reference);
    });
  }

  for (const args of [["127.0.0.1", "8080"], ["::1", "9"]]) {
    it(`addr_explorer ${args.join(" ")}: getaddrinfo, inet_pton/ntop, an ephemeral-port bind and getsockname, EADDRINUSE`, async (ctx) => {
      const [c, ts] = await Promise.all([start(ctx, "c", "addr_explorer", args).exit(), start(ctx, "ts", "addr_explorer", args).exit()]);
      expect([ts.code, ts.stderr, c.code]).toEqual([0, "", 0]);
      expect(normalise(ts.stdout)).toBe(normalise(c.stdout));
      expect(normalise(ts.stdout)).toMatch(/getsockname\(first\): 127\.0\.0\.1:PORT\n  bind\(second, same port\) = -1 EADDRINUSE/);
    });
  }

  for (const server of ["select_server", "epoll_server", "async_echo_server"]) {
    it(`${server}.ts serves 4 concurrent C clients`, async (ctx) => {
      const srv = start(ctx, "ts", server, []);
      const [, port] = await srv.line(/listening on (\d+)/);
      const results = await Promise.all([0, 1, 2, 3].map((i) => start(ctx, "c", "echo_client", [port!, String(i), "20"]).exit()));
      expect(results.map((r) => [r.code, r.stdout.trim(), r.stderr])).toEqual([0, 1, 2, 3].map((i) => [0, `ok ${i}`, ""]));
    });
  }

  it("async_udp.ts: a promises UDP server and client in one process", async (ctx) => {
    const r = await start(ctx, "ts", "async_udp", ["3"]).exit();
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^server on 127\.0\.0\.1:\d+\nreply: HELLO 0\nreply: HELLO 1\nreply: HELLO 2\ndone\n$/);
  });
});
