// The fuzzing process (started by fuzz/run.ts, which watches it for crashes
// and hangs). One fast-check run = one call of one export with hostile
// arguments, on descriptors opened for that call alone, so (seed, path)
// replays any run exactly. Before each call the run's index is written to a
// progress file, so a crash names the run that caused it.
import fc from "fast-check";
import { closeSync, existsSync, openSync, readdirSync, writeFileSync, writeSync } from "node:fs";
import { inspect } from "node:util";
import * as api from "../src/index.js";
import { native } from "../src/native.js";
import { BYTES, Struct, type StructClass } from "../src/struct.js";
import { Fixtures } from "./fixtures.js";
import { CLASSES, EXTRA, FIELD_VALUE, INIT, MODELS, NATIVE, NATIVE_FD_ARGS, type Model } from "./models.js";
import { Call, sizeOf, type Recipe } from "./values.js";

const env = process.env;
const seed = Number(env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const timeMs = Number(env.FUZZ_TIME_MS ?? 60_000);
const path = env.FUZZ_PATH || undefined;
const progressPath = env.FUZZ_PROGRESS;
const resultPath = env.FUZZ_RESULT;
const safeMode = env.FUZZ_NETNS !== "1";
const verbose = path !== undefined || env.FUZZ_VERBOSE === "1";
// Self-test of the harness (test/fuzz.test.ts): FUZZ_INJECT=crash@N | hang@N | overwrite@N.
const [injectWhat, injectAt] = (env.FUZZ_INJECT ?? "").split("@") as [string, string | undefined];
const injectRun = injectAt === undefined ? -1 : Number(injectAt);

// ---- what to call: every export, found by enumerating the namespace --------

type Op = { name: string; args: fc.Arbitrary<Recipe[]>; run(a: unknown[]): unknown; model?: Model; raw?: boolean; creates?: Model["creates"]; after?: (r: unknown, a: unknown[]) => void };

const isClass = (f: unknown): boolean => typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));
const ops: Op[] = [];
const missing: string[] = [];
/**
 * The argument lists of a call: half the runs well-formed (every parameter
 * from its valid subset), half hostile; sometimes an extra argument, sometimes
 * the last one missing.
 */
const tuple = (args: fc.Arbitrary<Recipe>[], extra = true, keepLast = false): fc.Arbitrary<Recipe[]> => {
  const valid = fc.tuple(...args.map((a) => (a as { valid?: fc.Arbitrary<Recipe> }).valid ?? a));
  const hostile = extra
    ? fc.tuple(fc.tuple(...args), fc.array(EXTRA, { maxLength: 1 }), fc.integer({ min: 0, max: 15 })).map(([a, x, drop]) =>
        drop === 0 && a.length > 0 && !keepLast ? a.slice(0, a.length - 1) : drop === 1 ? [...a, ...x] : a,
      )
    : fc.tuple(...args);
  return fc.oneof(valid, hostile);
};

const exportsToFuzz = Object.entries(api) as [string, unknown][];
if (injectWhat === "unmodelled") exportsToFuzz.push(["an_export_without_a_model", () => 0]);
for (const [name, value] of exportsToFuzz) {
  if (typeof value !== "function") continue;
  const fn = value as (...a: unknown[]) => unknown;
  if (isClass(value)) {
    const cls = value as StructClass & (new (...a: unknown[]) => unknown);
    if (cls.prototype instanceof Struct && cls.size !== undefined) {
      // A C struct: construct it from hostile initializers, read and write every field.
      ops.push({ name: `new ${name}`, args: tuple([INIT]), run: (a) => new cls(...a) });
      for (const field of Object.keys(cls.layout.fields).filter((f) => f in cls.prototype)) {
        ops.push({ name: `${name}.${field} get`, args: fc.constant([]), run: () => (new cls() as unknown as Record<string, unknown>)[field] });
        ops.push({
          name: `${name}.${field} =`,
          args: tuple([fc.constantFrom<Recipe>({ k: "struct", cls: name, how: "new", off: 0, fill: 0 }, { k: "struct", cls: name, how: "cast", off: 3, fill: 0xff }), FIELD_VALUE], false),
          run: ([s, v]) => { (s as Record<string, unknown>)[field] = v; return (s as Record<string, unknown>)[field]; },
        });
      }
      ops.push({ name: `inspect ${name}`, args: tuple([fc.constant<Recipe>({ k: "struct", cls: name, how: "init", off: 0, fill: 0xff })], false), run: ([s]) => inspect(s) });
    } else if (CLASSES[name]) {
      ops.push({ name: `new ${name}`, args: tuple(CLASSES[name]!), run: (a) => Reflect.construct(cls, a) });
    } else {
      missing.push(`class ${name}`);
    }
    continue;
  }
  const model = MODELS[name];
  if (!model) {
    missing.push(name);
    continue;
  }
  if (safeMode && (name === "getaddrinfo" || name === "getnameinfo")) continue;
  ops.push({ name, args: tuple(model.args, true, model.keepLast), run: (a) => fn(...a), model, creates: model.creates });
}
for (const [name, value] of Object.entries(native) as [string, unknown][]) {
  if (typeof value !== "function") continue;
  const model = NATIVE[name];
  if (!model) {
    missing.push(`native.${name}`);
    continue;
  }
  if (safeMode && (name === "getaddrinfo" || name === "getnameinfo")) continue;
  const fn = value as (...a: unknown[]) => unknown;
  ops.push({ name: `native.${name}`, args: tuple(model.args, true, model.keepLast), run: (a) => fn(...a), raw: true, creates: model.creates, after: model.after });
}
// PROMISES hook: the promises entry point (src/promises.ts) is not fuzzed yet;
// when it lands, enumerate its exports the same way (same MODELS rows; each
// call's promise must settle, or reject with TypeError/RangeError).
const notes: string[] = [];
if (existsSync(new URL("../src/promises.ts", import.meta.url))) notes.push("src/promises.ts exists but is not fuzzed yet (PROMISES hook in fuzz/child.ts)");
if (missing.length) {
  console.error(`fuzz: no argument model for: ${missing.join(", ")} (add a row to fuzz/models.ts)`);
  process.exit(3);
}

// ---- the property ----------------------------------------------------------

const fixtures = new Fixtures();
process.chdir(fixtures.dir); // sockaddr_un paths bind inside the fixture directory
const progressFd = progressPath ? openSync(progressPath, "w") : -1;
const record = Buffer.alloc(16);
const tally = new Map<string, { calls: number; c: number; minus1: number; type: number; range: number }>();
let calls = 0;
let run = 0;

/** The lowest free descriptor number: a call that leaks a descriptor moves it. */
function lowestFree(): number {
  const fd = api.fcntl(fixtures.anchor, api.F_DUPFD, 0);
  api.close(fd);
  return fd;
}
const baseFree = lowestFree();
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const ownFds = new Set(readdirSync("/proc/self/fd").map(Number));
const maxOwn = Math.max(...ownFds);

/** Keeps descriptor arguments of raw calls from aliasing Node's own descriptors after C's int conversion. */
function guardRawFd(v: unknown): unknown {
  if (typeof v !== "number") return v;
  const n = v | 0;
  return n >= 0 && n <= maxOwn && ownFds.has(n) ? -1 : v;
}

function check(op: Op, recipes: Recipe[]): void {
  const t = tally.get(op.name) ?? { calls: 0, c: 0, minus1: 0, type: 0, range: 0 };
  tally.set(op.name, t);
  const call = new Call(fixtures, op.raw === true);
  let args: unknown[];
  try {
    args = call.all(recipes);
    if (op.raw) for (const i of NATIVE_FD_ARGS[op.name.slice(7)] ?? []) if (i < args.length && recipes[i]!.k !== "fd") args[i] = guardRawFd(args[i]);
    if (safeMode) for (const v of args) sanitize(v);
    if (underSanitizer) avoidNullSink(op, recipes, args);
  } catch (e) {
    throw new Error(`fuzz harness: could not build the arguments of ${op.name}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  if (verbose) console.error(`call ${op.name}(${args.map((x) => inspect(x, { depth: 1, maxArrayLength: 8, maxStringLength: 40, breakLength: Infinity })).join(", ")})`);
  const errnoBefore = api.errno;
  let result: unknown;
  let threw: unknown = undefined;
  calls++;
  t.calls++;
  try {
    result = op.run(args);
  } catch (e) {
    threw = e;
  }
  const errnoAfter = api.errno; // before the cleanup below touches errno
  // A promise (the *_async shims) settles later, when the loop turns: its outcome is not this call's.
  if (result instanceof Promise) result.then(() => {}, () => {});
  if (op.after && threw === undefined) op.after(result, args);
  const created = threw === undefined && op.creates ? op.creates(result, args) : [];
  for (const fd of created) if (fd >= 0) api.close(fd);
  fixtures.closeAll();
  if (verbose) console.error(threw !== undefined ? `  threw ${String(threw)}` : `  returned ${inspect(result, { depth: 0 })}, errno ${api.errno}`);
  if (run - 1 === injectRun && injectWhat === "overwrite") call.scribble();
  const overwritten = call.checkCanaries();
  if (overwritten) throw new Error(`${op.name}: wrote outside the memory it was given: ${overwritten}`);
  let free = lowestFree();
  // getaddrinfo_async/getnameinfo_async run on libuv's threadpool and open
  // descriptors of their own for a moment (resolver sockets, /etc/hosts):
  // give them up to a second to finish before calling a descriptor leaked.
  for (let i = 0; i < 100 && free !== baseFree; i++) {
    Atomics.wait(sleeper, 0, 0, 10);
    free = lowestFree();
  }
  if (free !== baseFree) throw new Error(`${op.name}: a descriptor leaked (lowest free descriptor ${free}, expected ${baseFree})`);
  if (threw !== undefined) {
    if (threw instanceof RangeError) t.range++;
    else if (threw instanceof TypeError) t.type++;
    else throw new Error(`${op.name}: threw something other than TypeError/RangeError: ${inspect(threw)}`);
    return;
  }
  if (op.model?.c) {
    if (typeof result !== "number" || !Number.isInteger(result) || result < -1) throw new Error(`${op.name}: not a C result: ${inspect(result)}`);
    if (result === -1) {
      t.minus1++;
      if (!(errnoAfter > 0)) throw new Error(`${op.name}: returned -1 without errno (errno ${errnoAfter})`);
    } else {
      t.c++;
      // MIRROR §2: a call that succeeds leaves errno as it was.
      if (errnoAfter !== errnoBefore) throw new Error(`${op.name}: succeeded (${result}) but changed errno from ${errnoBefore} to ${errnoAfter}`);
    }
  } else {
    t.c++;
    if (typeof result === "number" && Number.isNaN(result)) throw new Error(`${op.name}: returned NaN`);
  }
}

/**
 * write(devnull, NULL, n) succeeds in C and here (MIRROR: NULL reaches the
 * kernel, and /dev/null never reads the buffer), but ASan's write interceptor
 * then reports the n bytes "read" at NULL. Under a sanitizer the call goes to a
 * regular file instead, where the kernel does read the buffer (EFAULT), so the
 * NULL path stays covered; the plain run keeps /dev/null.
 */
const underSanitizer = env.FUZZ_SANITIZER === "1";
function avoidNullSink(op: Op, recipes: Recipe[], args: unknown[]): void {
  if ((op.name === "write" || op.name === "native.write") && args[1] == null && recipes[0]?.k === "fd" && recipes[0].kind === "devnull") {
    args[0] = fixtures.open("file");
  }
  // recvmsg/recvmmsg with a msg_name smaller than the sender's address: the
  // kernel writes only msg_namelen bytes and reports the full length, as in C
  // (the canaries of the plain run check that), but ASan's recvmsg interceptor
  // marks the full reported length as written. Under a sanitizer such names
  // get room for any address (sockaddr_storage).
  const roomy = (name: unknown): unknown => (name !== null && name !== undefined && sizeOf(name) < api.sizeof(api.sockaddr_storage) ? new api.sockaddr_storage() : name);
  const fixParts = (p: unknown[]): void => {
    const before = p[0];
    const r = roomy(before);
    if (r !== before) {
      p[0] = (r as Struct)[BYTES]; // the raw shims take bytes
      p[1] = api.sizeof(api.sockaddr_storage);
    }
  };
  const fixMsg = (m: unknown): void => {
    if (Array.isArray(m)) fixParts(m);
    else if (m !== null && typeof m === "object" && "msg_name" in m) {
      const h = m as { msg_name: unknown; msg_namelen: unknown };
      const before = h.msg_name;
      h.msg_name = roomy(before);
      if (h.msg_name !== before) h.msg_namelen = api.sizeof(api.sockaddr_storage);
    } else if (m !== null && typeof m === "object" && "msg_hdr" in m) fixMsg((m as { msg_hdr: unknown }).msg_hdr);
  };
  if (op.name === "native.recvmsg") {
    const p = args.slice(1, 8);
    fixParts(p);
    args.splice(1, 2, p[0], p[1]);
  } else if (op.name === "recvmsg") fixMsg(args[1]);
  else if ((op.name === "recvmmsg" || op.name === "native.recvmmsg") && Array.isArray(args[1])) for (const m of args[1]) fixMsg(m);
}

/** In safe mode (no private network namespace), addresses are forced to loopback before any call. */
const { AF_INET, AF_INET6 } = api as unknown as Record<string, number>;
function sanitize(v: unknown): void {
  const b = v instanceof Struct ? v[BYTES] : ArrayBuffer.isView(v) && sizeOf(v) > 0 ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null;
  if (!b || b.length < 2) return;
  const fam = b[0]! | (b[1]! << 8);
  if (fam === AF_INET && b.length >= 8) b.set([127, 0, 0, 1], 4);
  if (fam === AF_INET6 && b.length >= 24) b.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 8);
}

// Calls into the kernel and the shims weigh more than struct accessors.
const arb = fc.oneof(...ops.map((op) => ({ arbitrary: op.args.map((recipes) => ({ op: op.name, recipes })), weight: op.model || op.raw ? 3 : 1 })));
const byName = new Map(ops.map((op) => [op.name, op]));

const started = Date.now();
const out: { seed: number; calls: number; runs: number; ms: number; ops: number; notes: string[]; failure?: string; tally?: Record<string, unknown> } = { seed, calls: 0, runs: 0, ms: 0, ops: ops.length, notes };
try {
  fc.assert(
    fc.property(arb, ({ op, recipes }) => {
      if (progressFd >= 0) {
        record.fill(32);
        record.write(String(run), 0, "latin1");
        writeSync(progressFd, record, 0, 16, 0);
      }
      run++;
      if (run - 1 === injectRun && injectWhat === "crash") process.kill(process.pid, "SIGSEGV");
      if (run - 1 === injectRun && injectWhat === "hang") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      check(byName.get(op)!, recipes);
    }),
    {
      seed,
      path,
      numRuns: path !== undefined ? 1 : Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: path !== undefined ? undefined : timeMs,
      markInterruptAsFailure: false,
      endOnFailure: true,
    },
  );
} catch (e) {
  out.failure = e instanceof Error ? `${e.message}${e.cause !== undefined ? `\ncause: ${e.cause instanceof Error ? e.cause.stack : inspect(e.cause)}` : ""}` : String(e);
}
fixtures.dispose();
if (progressFd >= 0) closeSync(progressFd);
out.calls = calls;
out.runs = run;
out.ms = Date.now() - started;
out.tally = Object.fromEntries(tally);
if (resultPath) writeFileSync(resultPath, JSON.stringify(out));
else console.log(JSON.stringify(out, null, 1));
process.exitCode = out.failure ? 1 : 0;
