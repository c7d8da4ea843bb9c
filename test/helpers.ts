// Test helpers: descriptors closed when each test ends, loopback addresses,
// C peers compiled with the system compiler, and child processes to talk to.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach } from "vitest";
import {
  AF_INET, AF_INET6, bind, close, getsockname, htonl, htons, in6addr_loopback, INADDR_LOOPBACK, listen, sizeof, SOCK_DGRAM, SOCK_STREAM, socket,
  sockaddr_in, sockaddr_in6, socklen_t,
} from "../src/index.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const open = new Set<number>();
afterEach(() => {
  for (const fd of open) close(fd);
  open.clear();
});

/** socket(2), asserting success; closed after the test unless closed first through untrack/close. */
export function sock(domain: number, type: number, protocol = 0): number {
  const fd = socket(domain, type, protocol);
  if (fd < 0) throw new Error(`socket(${domain}, ${type}, ${protocol}) failed`);
  open.add(fd);
  return fd;
}

/** Registers a descriptor obtained elsewhere (accept, socketpair) for closing. */
export function track(fd: number): number {
  if (fd >= 0) open.add(fd);
  return fd;
}

/** Stops tracking a descriptor the test closes some other way (berkeley-sockets/promises close). */
export function untrack(fd: number): number {
  open.delete(fd);
  return fd;
}

/** Closes a tracked descriptor now. */
export function closeNow(fd: number): number {
  open.delete(fd);
  return close(fd);
}

/** 127.0.0.1:port (network byte order filled in as C would). */
export function loopback4(port = 0): sockaddr_in {
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

/** [::1]:port. */
export function loopback6(port = 0): sockaddr_in6 {
  const a = new sockaddr_in6();
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  a.sin6_addr = in6addr_loopback;
  return a;
}

/** A UDP socket bound to 127.0.0.1 on a port the kernel picks, and that address; closed after the test. */
export function udpSocket(): [number, sockaddr_in] {
  const fd = sock(AF_INET, SOCK_DGRAM);
  const a = loopback4(0);
  if (bind(fd, a, sizeof(a)) < 0 || getsockname(fd, a, new socklen_t(sizeof(a))) < 0) throw new Error("udpSocket: bind failed");
  return [fd, a];
}

/** A TCP socket listening on 127.0.0.1 on a port the kernel picks, and that address; closed after the test. */
export function tcpListener(backlog = 64): [number, sockaddr_in] {
  const fd = sock(AF_INET, SOCK_STREAM);
  const a = loopback4(0);
  if (bind(fd, a, sizeof(a)) < 0 || listen(fd, backlog) < 0 || getsockname(fd, a, new socklen_t(sizeof(a))) < 0) throw new Error("tcpListener: bind/listen failed");
  return [fd, a];
}

/** The compile cache: kept across runs in the real temporary folder (test/tmpdir.ts says where). */
const cacheDir = process.env.BERKELEY_SOCKETS_TEST_CACHE ?? join(tmpdir(), "berkeley-sockets-test-bin");

/**
 * Compiles a C program (source text or a file under root) with the system
 * compiler, or another (aarch64-linux-gnu-gcc for arm64); cached by content.
 */
export function compileC(source: string, extraFlags: string[] = [], compiler = "cc"): string {
  const text = source.includes("\n") ? source : readFileSync(resolve(root, source), "utf8");
  const hash = createHash("sha256").update(text).update(extraFlags.join(" ")).update(compiler).digest("hex").slice(0, 16);
  mkdirSync(cacheDir, { recursive: true });
  const bin = join(cacheDir, `c-${hash}`);
  if (!existsSync(bin)) {
    const src = `${bin}.c`;
    writeFileSync(src, text);
    const r = spawnSync(compiler, ["-O1", "-Wall", "-o", `${bin}.tmp`, src, ...extraFlags], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${compiler} failed:\n${r.stderr}`);
    spawnSync("mv", [`${bin}.tmp`, bin]);
  }
  return bin;
}

export interface Peer {
  child: ChildProcess;
  /** Resolves with the first stdout line matching re (its match). */
  line(re: RegExp): Promise<RegExpMatchArray>;
  /** Resolves when the process exits, with its code and full output. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Spawns a peer process (C binary, python3, socat, tsx) and collects its output. */
export function peer(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Peer {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    for (const w of [...waiters]) {
      const m = stdout.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) =>
    child.on("close", (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return {
    child,
    line(re) {
      const m = stdout.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then((r) => reject(new Error(`${cmd} exited (${r.code}) before printing ${re}:\n${r.stdout}\n${r.stderr}`)));
      });
    },
    exit: () => exited,
  };
}

/** The tsx binary, to run TypeScript examples as peers. */
export const tsx = join(root, "node_modules", ".bin", "tsx");

/** Why no network namespace of our own can be made here, or null when one can (as root, or in a user namespace). */
export function netnsUnavailable(): string | null {
  for (const flags of [["-n"], ["-r", "-n"]]) {
    const u = spawnSync("unshare", [...flags, "ip", "link", "set", "lo", "up"], { encoding: "utf8" });
    if (u.error) return `no network namespace: ${u.error.message} (util-linux unshare and iproute2 ip are needed: scripts/deps.sh)`;
    if (u.status === 0) return null;
  }
  return "no network namespace: unshare -n and unshare -rn both refused (needs root or unprivileged user namespaces)";
}

/** Builds dist/ and bundles a fixture to one JavaScript file that imports dist/index.js. */
export function bundle(fixture: string, dir: string): string {
  const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  const r = spawnSync(join(root, "node_modules", ".bin", "esbuild"), [join(root, "test", "fixtures", fixture), "--bundle", "--format=esm", "--platform=node", "--external:berkeley-sockets"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
  const out = join(dir, fixture.replace(/\.ts$/, ".mjs"));
  writeFileSync(out, r.stdout.replaceAll('"berkeley-sockets"', JSON.stringify(pathToFileURL(join(root, "dist", "index.js")).href)));
  return out;
}
