// npm run fuzz [-- --long | --time <s> | --seed <n> | --path <p> | --verbose]
//
// Runs fuzz/child.ts in a child process, inside a private network namespace
// (unshare -n, loopback only, refused if it has a default route) so no fuzzed
// address can reach a real network. The parent detects a crash (signal, abort,
// sanitizer report) or a hang (no progress for HANG_MS) and prints the seed and
// run path that reproduce it. Default: about 60 s (CI); --long or FUZZ_LONG=1:
// 30 minutes; FUZZ_TIME=<seconds> for anything else. A quarter of the time
// (FUZZ_PROMISES_SHARE) fuzzes src/promises.ts; its runs are named p<N>.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const long = argv.includes("--long") || process.env.FUZZ_LONG === "1";
const seconds = Number(flag("--time") ?? process.env.FUZZ_TIME ?? (long ? 1800 : 60));
const seed = Number(flag("--seed") ?? process.env.FUZZ_SEED ?? (Date.now() ^ process.pid) % 2 ** 31);
const path = flag("--path") ?? process.env.FUZZ_PATH;
const verbose = argv.includes("--verbose") || path !== undefined;
const HANG_MS = Number(process.env.FUZZ_HANG_MS ?? 20_000);

/** Can we make a private network namespace with only loopback up? */
function netnsWorks(): boolean {
  if (process.env.FUZZ_NO_NETNS === "1") return false;
  const env = { ...process.env };
  delete env.LD_PRELOAD;
  const r = spawnSync("unshare", ["-n", "sh", "-c", NETNS_PREAMBLE + "echo ok"], { encoding: "utf8", env });
  return r.status === 0 && r.stdout.trim() === "ok";
}
// Bring loopback up; refuse if any default route or non-loopback interface exists.
const NETNS_PREAMBLE =
  'ip link set lo up || exit 1; [ -z "$(ip route show default)$(ip -6 route show default)" ] || exit 1; ' +
  '[ "$(ip -o link show | grep -vc " lo:")" = 0 ] || exit 1; ';

const work = mkdtempSync(join(tmpdir(), "bs-fuzz-run-"));
const progress = join(work, "progress");
const result = join(work, "result.json");
const netns = netnsWorks();
const nodeArgs = [...(process.env.FUZZ_NODE_ARGS ?? "").split(" ").filter(Boolean), "--import", "tsx", join(root, "fuzz", "child.ts")];
const [cmd, args] = netns
  ? ["unshare", ["-n", "sh", "-c", `${NETNS_PREAMBLE}exec env LD_PRELOAD="$FUZZ_LD_PRELOAD" "$@"`, "sh", process.execPath, ...nodeArgs]]
  : [process.execPath, nodeArgs];
// A sanitizer runtime preloaded into this process goes to the fuzzed node
// only, not to unshare/sh/ip (LeakSanitizer would fail them).
const preload = process.env.LD_PRELOAD ?? "";

console.log(`fuzz: seed ${seed}${path !== undefined ? `, path ${path}` : `, ${seconds} s`}; ` +
  (netns ? "private network namespace (loopback only)" : "NO network namespace (unshare -n unavailable): addresses forced to loopback, name lookups skipped"));

const errFile = join(work, "stderr");
const errFd = openSync(errFile, "w");
const started = Date.now();
const child = spawn(cmd as string, args as string[], {
  cwd: root,
  env: {
    ...process.env,
    FUZZ_SEED: String(seed),
    FUZZ_TIME_MS: String(seconds * 1000),
    FUZZ_PATH: path ?? "",
    FUZZ_PROGRESS: progress,
    FUZZ_RESULT: result,
    FUZZ_NETNS: netns ? "1" : "0",
    FUZZ_VERBOSE: verbose ? "1" : "0",
    // The child's fixtures (a FIFO, a file) go in here too, so they go with it
    // even when the child crashes or is killed as hung.
    FUZZ_WORK: work,
    NODE_PATH: join(root, "node_modules"),
    LD_PRELOAD: netns ? "" : preload,
    FUZZ_LD_PRELOAD: preload,
  },
  // stderr goes to a file: a pipe the parent drains slowly could fill up (and
  // perror() fuzzing writes a lot); sanitizer reports are read from it at the end.
  stdio: ["ignore", "ignore", verbose ? "inherit" : errFd],
});
closeSync(errFd);
let stderr = "";

const SANITIZER = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/;
/** The child's stderr from the first sanitizer/crash line on (perror calls fill it with noise before). */
function tail(text: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => SANITIZER.test(l) || /^(FATAL|Segmentation|Aborted|#\s*Fatal|node:internal)/.test(l));
  return (at >= 0 ? lines.slice(Math.max(0, at - 2)) : lines.slice(-30)).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join("\n");
}

/** The last max bytes of a file (the child's stderr can be large; reports are at its end). */
function readTail(file: string, max: number): string {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, max));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

const lastRun = (): string => {
  try {
    return readFileSync(progress, "latin1").trim();
  } catch {
    return "?";
  }
};
let seen = "";
let stalled = Date.now();
let hung = false;
const watchdog = setInterval(() => {
  const now = lastRun();
  if (now !== seen) {
    seen = now;
    stalled = Date.now();
  } else if (Date.now() - stalled > HANG_MS) {
    hung = true;
    child.kill("SIGKILL");
  }
}, 1000);

child.on("close", (code, signal) => {
  clearInterval(watchdog);
  stderr = readTail(errFile, 1 << 20);
  const repro = (p: string) => `npm run fuzz -- --seed ${seed} --path ${p}`;
  let ok = false;
  if (existsSync(result) && !hung) {
    type Tally = { calls: number; c: number; minus1: number; type: number; range: number; abort: number };
    const r = JSON.parse(readFileSync(result, "utf8")) as { notes?: string[]; calls: number; runs: number; pcalls: number; ms: number; ops: number; pops: number; failure?: string; replay?: string; tally: Record<string, Tally> };
    const sum = (keep: (name: string) => boolean) => Object.entries(r.tally).filter(([k]) => keep(k)).map(([, x]) => x)
      .reduce((a, x) => ({ c: a.c + x.c, minus1: a.minus1 + x.minus1, type: a.type + x.type, range: a.range + x.range, abort: a.abort + (x.abort ?? 0) }), { c: 0, minus1: 0, type: 0, range: 0, abort: 0 });
    const t = sum((k) => !k.startsWith("promises."));
    const l = sum((k) => k.startsWith("libc."));
    const p = sum((k) => k.startsWith("promises."));
    console.log(`fuzz: ${r.calls} calls of ${r.ops + r.pops} operations (every export, struct accessor and raw shim; every libc and promises export) in ${(r.ms / 1000).toFixed(1)} s`);
    console.log(`fuzz: sync: ${r.calls - r.pcalls} calls: ${t.c} values, ${t.minus1} -1/errno, ${t.type} TypeError, ${t.range} RangeError`);
    console.log(`fuzz: of which libc: ${l.c + l.minus1 + l.type + l.range} calls: ${l.c} values, ${l.minus1} -1/errno, ${l.type} TypeError, ${l.range} RangeError`);
    console.log(`fuzz: promises: ${r.pcalls} calls of ${r.pops} exports: ${p.c} resolved, ${p.minus1} rejected with errno, ${p.abort} AbortError, ${p.type} TypeError, ${p.range} RangeError (rejections for bad arguments)`);
    for (const note of r.notes ?? []) console.log(`fuzz: note: ${note}`);
    const never = Object.entries(r.tally).filter(([, x]) => x.calls === 0).map(([k]) => k);
    if (never.length) console.log(`fuzz: never called: ${never.join(", ")}`);
    if (r.failure) console.log(`fuzz: FAILED (seed ${seed})\n${r.failure}\nreproduce: ${repro(r.replay ?? "<path above>")}`);
    ok = !r.failure && code === 0;
    if (code !== 0 && !r.failure) console.log(`fuzz: child exited with code ${code}`);
  } else if (code === 3) {
    console.log(`fuzz: NOT RUN: ${stderr.trim()}`);
  } else {
    const run = lastRun();
    const why = hung ? `HANG (no progress for ${HANG_MS / 1000} s)` : `CRASH (${signal ?? `exit code ${code}`})`;
    console.log(`fuzz: ${why} at run ${run}, seed ${seed}, after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`fuzz: reproduce: ${repro(run)}`);
    console.log(tail(stderr));
  }
  if (SANITIZER.test(stderr)) {
    ok = false;
    console.log(`fuzz: sanitizer report:\n${tail(stderr)}`);
  }
  rmSync(work, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
});
