// The fuzzing process (started by fuzz/run.ts, which watches it for crashes
// and hangs). One fast-check run = one call of one export with hostile
// arguments, on descriptors opened for that call alone, so (seed, path)
// replays any run exactly. Before each call the run's index is written to a
// progress file, so a crash names the run that caused it. Two phases: the
// sync exports and raw shims (runs 0, 1, ...), then the promises entry point
// (runs p0, p1, ...; each awaits its promise, see checkPromise).
import fc from "fast-check";
import { closeSync, openSync, readdirSync, readlinkSync, writeFileSync, writeSync } from "node:fs";
import { inspect } from "node:util";
import * as api from "../src/index.js";
import * as libc from "../src/libc.js";
import * as papi from "../src/promises.js";
import { watchers } from "../src/watch.js";
import { native } from "../src/native.js";
import { BYTES, Struct, type StructClass } from "../src/struct.js";
import { Fixtures } from "./fixtures.js";
import { CLASSES, EXTRA, FIELD_VALUE, INIT, LIBC, MODELS, NATIVE, NATIVE_FD_ARGS, OPTIONS, type Model, type OptRecipe } from "./models.js";
import { Call, sizeOf, type Recipe } from "./values.js";

const env = process.env;
const seed = Number(env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const timeMs = Number(env.FUZZ_TIME_MS ?? 60_000);
const path = env.FUZZ_PATH || undefined;
const progressPath = env.FUZZ_PROGRESS;
const resultPath = env.FUZZ_RESULT;
const safeMode = env.FUZZ_NETNS !== "1";
const verbose = path !== undefined || env.FUZZ_VERBOSE === "1";
// Self-test of the harness (test/fuzz.test.ts): FUZZ_INJECT=crash@N | hang@N | overwrite@N
// (sync run N) | pending@N (promises run N returns a promise that never settles).
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

/** Calls that may ask the network (DNS, NIS) for a name: run only inside the fuzzer's own network namespace. */
const LOOKUPS = new Set([
  "getaddrinfo", "getnameinfo", "gethostbyname", "gethostbyname2", "gethostbyaddr", "getservbyname", "getservbyport", "getprotobyname", "getprotobynumber",
]);
/**
 * The argument model of a function, or undefined: an unmodelled one is listed
 * in `missing` (the run refuses to start), and name lookups are skipped in safe mode.
 */
function modelOf<M>(table: Record<string, M>, name: string, label: string): M | undefined {
  const model = table[name];
  if (!model) missing.push(label);
  else if (safeMode && LOOKUPS.has(name)) return undefined;
  return model;
}
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
  const model = modelOf(MODELS, name, name);
  if (model) ops.push({ name, args: tuple(model.args, true, model.keepLast), run: (a) => fn(...a), model, creates: model.creates });
}
for (const [name, value] of Object.entries(native) as [string, unknown][]) {
  if (typeof value !== "function") continue;
  const model = modelOf(NATIVE, name, `native.${name}`);
  const fn = value as (...a: unknown[]) => unknown;
  if (model) ops.push({ name: `native.${name}`, args: tuple(model.args, true, model.keepLast), run: (a) => fn(...a), raw: true, creates: model.creates, after: model.after });
}
// The libc entry point (src/libc.ts): every export the main entry point does
// not share (its errno, perror, strerror, memset and memcpy are fuzzed above).
const mainExports = new Set<unknown>(Object.values(api));
const libcSkipped: string[] = [];
for (const [name, value] of Object.entries(libc) as [string, unknown][]) {
  if (typeof value !== "function" || mainExports.has(value)) continue;
  const model = modelOf(LIBC, name, `libc.${name}`);
  if (!model) continue;
  if (model.skip) {
    libcSkipped.push(`libc.${name} (${model.skip})`);
    continue;
  }
  const fn = value as (...a: unknown[]) => unknown;
  ops.push({ name: `libc.${name}`, args: tuple(model.args, true, model.keepLast), run: (a) => fn(...a), model, creates: model.creates, after: model.after });
}
// The promises entry point (src/promises.ts): every export, with the MODELS
// row of the same-named sync function and a hostile last `options` argument.
type POp = { name: string; bare: string; args: fc.Arbitrary<[Recipe[], OptRecipe]>; run(a: unknown[]): unknown; creates?: Model["creates"] };
const pops: POp[] = [];
const promisesToFuzz = Object.entries(papi) as [string, unknown][];
for (const [name, value] of promisesToFuzz) {
  if (typeof value !== "function") continue;
  const model = modelOf(MODELS, name, `promises.${name}`);
  if (!model) continue;
  const fn = value as (...a: unknown[]) => unknown;
  pops.push({ name: `promises.${name}`, bare: name, args: fc.tuple(tuple(model.args, true, model.keepLast), OPTIONS), run: (a) => fn(...a), creates: model.creates });
}
const notes: string[] = libcSkipped.map((s) => `not called: ${s}`);
if (missing.length) {
  console.error(`fuzz: no argument model for: ${missing.join(", ")} (add a row to fuzz/models.ts)`);
  process.exit(3);
}

// ---- the property ----------------------------------------------------------

const fixtures = new Fixtures();
process.chdir(fixtures.dir); // sockaddr_un paths bind inside the fixture directory
const progressFd = progressPath ? openSync(progressPath, "w") : -1;
const record = Buffer.alloc(16);
const tally = new Map<string, { calls: number; c: number; minus1: number; type: number; range: number; abort: number }>();
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

type Tally = { calls: number; c: number; minus1: number; type: number; range: number; abort: number };
function tallyOf(name: string): Tally {
  const t = tally.get(name) ?? { calls: 0, c: 0, minus1: 0, type: 0, range: 0, abort: 0 };
  tally.set(name, t);
  return t;
}

/** The arguments of one call (a failure here is the harness's, not the library's), printed when verbose. */
function argsOf(name: string, build: () => unknown[]): unknown[] {
  let args: unknown[];
  try {
    args = build();
  } catch (e) {
    throw new Error(`fuzz harness: could not build the arguments of ${name}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  if (verbose) console.error(`call ${name}(${args.map((x) => inspect(x, { depth: 1, maxArrayLength: 8, maxStringLength: 40, breakLength: Infinity })).join(", ")})`);
  return args;
}

/** A call may throw only a TypeError or a RangeError (bad arguments): counts which. */
function countThrow(name: string, t: Tally, threw: unknown): void {
  if (threw instanceof RangeError) t.range++;
  else if (threw instanceof TypeError) t.type++;
  else throw new Error(`${name}: threw something other than TypeError/RangeError: ${inspect(threw)}`);
  // A left-out argument is named as missing (src/describe.ts), never "got undefined undefined".
  if (threw.message.includes("undefined undefined")) throw new Error(`${name}: unreadable message: ${threw.message}`);
}

/** Makes the call: what it returned, or what it threw. */
function invoke(run: (a: unknown[]) => unknown, args: unknown[]): { result: unknown; threw: unknown } {
  try {
    return { result: run(args), threw: undefined };
  } catch (e) {
    return { result: undefined, threw: e };
  }
}

function check(op: Op, recipes: Recipe[]): void {
  const t = tallyOf(op.name);
  const call = new Call(fixtures, op.raw === true);
  const args = argsOf(op.name, () => {
    const a = call.all(recipes);
    if (op.raw) for (const i of NATIVE_FD_ARGS[op.name.slice(7)] ?? []) if (i < a.length && recipes[i]!.k !== "fd") a[i] = guardRawFd(a[i]);
    if (safeMode) for (const v of a) sanitize(v);
    if (underSanitizer) avoidNullSink(op, recipes, a);
    return a;
  });
  const errnoBefore = api.errno;
  calls++;
  t.calls++;
  const { result, threw } = invoke(op.run, args);
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
  if (threw !== undefined) return countThrow(op.name, t, threw);
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
 * kernel, and /dev/null or /dev/zero never reads the buffer), but ASan's write interceptor
 * then reports the n bytes "read" at NULL. Under a sanitizer the call goes to a
 * regular file instead, where the kernel does read the buffer (EFAULT), so the
 * NULL path stays covered; the plain run keeps /dev/null.
 */
const underSanitizer = env.FUZZ_SANITIZER === "1";
function avoidNullSink(op: { name: string }, _recipes: Recipe[], args: unknown[]): void {
  // Whatever made the descriptor (a fixture, or a plain number that happens to be one).
  if ((op.name === "write" || op.name === "native.write") && args[1] == null && discards(args[0])) {
    args[0] = fixtures.open("file");
  }
  // recvmsg/recvmmsg with a msg_name smaller than the sender's address: the
  // kernel writes only msg_namelen bytes and reports the full length, as in C
  // (the canaries of the plain run check that), but ASan's recvmsg interceptor
  // marks the full reported length as written. Under a sanitizer such names
  // get room for any address (sockaddr_storage).
  const roomy = (name: unknown): unknown => (name !== null && name !== undefined && sizeOf(name) < api.sizeof(api.sockaddr_storage) ? new api.sockaddr_storage() : name);
  // The raw shims' flat form: views [name, control, ...bases] and numbers
  // [namelen, controllen, iovlen, ...lens], message after message.
  const fixFlat = (f: unknown): void => {
    if (!Array.isArray(f) || !Array.isArray(f[0]) || !(f[1] instanceof Float64Array)) return;
    const views = f[0] as unknown[];
    const nums = (f[1] = new Float64Array(f[1] as Float64Array)); // a copy: a literal recipe's array is shared
    for (let v = 0, n = 0; v + 2 <= views.length && n + 3 <= nums.length; ) {
      const r = roomy(views[v]);
      if (r !== views[v]) {
        views[v] = (r as Struct)[BYTES]; // the raw shims take bytes
        nums[n] = api.sizeof(api.sockaddr_storage);
      }
      const iovlen = nums[n + 2]!;
      if (!(iovlen >= 0 && iovlen <= views.length)) break;
      v += 2 + Math.floor(iovlen);
      n += 3 + Math.floor(iovlen);
    }
  };
  const fixMsg = (m: unknown): void => {
    if (m !== null && typeof m === "object" && "msg_name" in m) {
      const h = m as { msg_name: unknown; msg_namelen: unknown };
      const before = h.msg_name;
      h.msg_name = roomy(before);
      if (h.msg_name !== before) h.msg_namelen = api.sizeof(api.sockaddr_storage);
    } else if (m !== null && typeof m === "object" && "msg_hdr" in m) fixMsg((m as { msg_hdr: unknown }).msg_hdr);
  };
  if (op.name === "native.recvmsg" || op.name === "native.recvmmsg") fixFlat(args[1]);
  else if (op.name === "recvmsg") fixMsg(args[1]);
  else if (op.name === "recvmmsg" && Array.isArray(args[1])) for (const m of args[1]) fixMsg(m);
}

/** Whether fd is /dev/null or /dev/zero, which take a write without reading the buffer. */
function discards(fd: unknown): boolean {
  if (typeof fd !== "number" || !Number.isInteger(fd) || fd < 0) return false;
  try {
    return ["/dev/null", "/dev/zero"].includes(readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    return false;
  }
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

// ---- the promises property --------------------------------------------------
// A promises call never throws (fs/promises' rule): it returns a promise that
// settles, resolved with a C result (>= 0), or rejected with the
// TypeError/RangeError of a bad argument, an errno Error (numeric errno,
// string code and syscall) or, when its signal was aborted, an AbortError. The call gets a moment to finish on its own, then
// every descriptor it was given is closed through the library's close, which
// must settle any wait (EBADF) within SETTLE_MS: a promise still pending then
// is a HANG. Afterwards no watcher and no descriptor may be left.

const SETTLE_MS = Number(env.FUZZ_SETTLE_MS ?? 2000);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let prun = 0;
let pcalls = 0;

/** The `options` argument: present or not, its value, and whether an AbortError may legitimately come. */
function makeOptions(r: OptRecipe, timers: NodeJS.Timeout[]): { give: boolean; value?: unknown; mayAbort: boolean } {
  switch (r.how) {
    case "none": return { give: false, mayAbort: false };
    case "undefined": return { give: true, value: undefined, mayAbort: false };
    case "empty": return { give: true, value: {}, mayAbort: false };
    case "live": return { give: true, value: { signal: new AbortController().signal }, mayAbort: false };
    case "aborted": return { give: true, value: { signal: AbortSignal.abort(new Error("fuzz: aborted before the call")) }, mayAbort: true };
    case "later": {
      const ac = new AbortController();
      timers.push(setTimeout(() => ac.abort(), r.ms));
      return { give: true, value: { signal: ac.signal }, mayAbort: true };
    }
    case "null": return { give: true, value: null, mayAbort: false };
    case "num": return { give: true, value: 42, mayAbort: false };
    case "str": return { give: true, value: "signal", mayAbort: false };
    case "bool": return { give: true, value: true, mayAbort: false };
    case "fn": return { give: true, value: () => 0, mayAbort: false };
    case "array": return { give: true, value: [], mayAbort: false };
    case "signal-null": return { give: true, value: { signal: null }, mayAbort: false };
    case "signal-obj": return { give: true, value: { signal: { aborted: true, addEventListener() {}, removeEventListener() {} } }, mayAbort: false };
    case "signal-num": return { give: true, value: { signal: 1 }, mayAbort: false };
    case "signal-target": return { give: true, value: { signal: new EventTarget() }, mayAbort: false };
    // Passes instanceof, but is no AbortSignal: its getters throw (TypeError).
    case "signal-fake": return { give: true, value: { signal: Object.create(AbortSignal.prototype) as unknown }, mayAbort: false };
  }
}

type Outcome = { state: "pending" } | { state: "resolved"; value: unknown } | { state: "rejected"; error: unknown };

async function checkPromise(op: POp, recipes: Recipe[], optRecipe: OptRecipe): Promise<void> {
  const t = tallyOf(op.name);
  const call = new Call(fixtures, false);
  const timers: NodeJS.Timeout[] = [];
  let opts!: ReturnType<typeof makeOptions>;
  const args = argsOf(op.name, () => {
    const a = call.all(recipes);
    if (safeMode) for (const v of a) sanitize(v);
    if (underSanitizer) avoidNullSink({ name: op.bare }, recipes, a);
    opts = makeOptions(optRecipe, timers);
    if (opts.give) a.push(opts.value);
    return a;
  });
  const errnoBefore = api.errno;
  pcalls++;
  t.calls++;
  let { result, threw } = invoke(op.run, args);
  if (prun - 1 === injectRun && injectWhat === "pending") {
    // Self-test of the harness: a call whose promise never settles (the real
    // one is dropped: its rejection, a bad argument's too, must not go unhandled).
    if (result instanceof Promise) result.catch(() => {});
    threw = undefined;
    result = new Promise(() => {});
  }
  if (threw !== undefined) throw new Error(`${op.name}: threw at the call instead of rejecting: ${inspect(threw)}`);
  // The promises API never touches the live errno of the main module.
  if (api.errno !== errnoBefore) throw new Error(`${op.name}: changed the live errno from ${errnoBefore} to ${api.errno}`);
  let outcome: Outcome = { state: "pending" };
  if (!(result instanceof Promise)) throw new Error(`${op.name}: returned ${inspect(result, { depth: 0 })}, not a promise`);
  const p = result;
  p.then((value) => { outcome = { state: "resolved", value }; }, (error: unknown) => { outcome = { state: "rejected", error }; });
  // A moment to finish on its own (ready descriptors, an abort a few ms later).
  await Promise.race([p.then(() => {}, () => {}), sleep(5)]);
  const pendingAtClose = outcome.state === "pending";
  fixtures.closeAll(); // the library's close: waits on these descriptors settle with EBADF
  if (outcome.state === "pending") {
    await Promise.race([p.then(() => {}, () => {}), sleep(SETTLE_MS)]);
    if (outcome.state === "pending") {
      for (const x of timers) clearTimeout(x);
      throw new Error(`${op.name}: HANG: the promise never settled (${SETTLE_MS} ms after its descriptors were closed)`);
    }
  }
  for (const x of timers) clearTimeout(x);
  const o = outcome as Outcome;
  if (o.state === "resolved" && op.creates) for (const fd of op.creates(o.value, args)) if (fd >= 0) api.close(fd);
  if (verbose) console.error(o.state === "resolved" ? `  resolved ${inspect(o.value, { depth: 0 })}` : `  rejected ${inspect(o.state === "rejected" ? o.error : undefined, { depth: 0 })}${pendingAtClose ? " (after close)" : ""}`);
  const overwritten = call.checkCanaries();
  if (overwritten) throw new Error(`${op.name}: wrote outside the memory it was given: ${overwritten}`);
  const w = watchers();
  if (w !== 0) throw new Error(`${op.name}: ${w} watcher(s) left after the call settled and its descriptors were closed`);
  let free = lowestFree();
  for (let i = 0; i < 100 && free !== baseFree; i++) {
    await sleep(10);
    free = lowestFree();
  }
  if (free !== baseFree) throw new Error(`${op.name}: a descriptor leaked (lowest free descriptor ${free}, expected ${baseFree})`);
  if (o.state === "resolved") {
    const v = o.value;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`${op.name}: resolved with ${inspect(v, { depth: 0 })}, not a C result (an integer >= 0)`);
    t.c++;
    return;
  }
  const error = (o as { error: unknown }).error;
  if (error instanceof TypeError || error instanceof RangeError) return countThrow(op.name, t, error);
  const e = error as { name?: unknown; code?: unknown; errno?: unknown; syscall?: unknown };
  if (error instanceof Error && e.name === "AbortError") {
    if (!opts.mayAbort) throw new Error(`${op.name}: rejected with an AbortError without an aborted signal`);
    if (e.code !== "ABORT_ERR") throw new Error(`${op.name}: an AbortError without code ABORT_ERR: ${inspect(e)}`);
    t.abort++;
    return;
  }
  // getaddrinfo/getnameinfo failures carry the EAI_* code as errno (negative on glibc), named by code.
  const eai = typeof e.code === "string" && e.code.startsWith("EAI_") && e.errno === (api as unknown as Record<string, unknown>)[e.code];
  if (!(error instanceof Error) || typeof e.errno !== "number" || !Number.isInteger(e.errno) || (e.errno <= 0 && !eai) || typeof e.code !== "string" || typeof e.syscall !== "string") {
    throw new Error(`${op.name}: rejected with something other than an errno Error or an AbortError: ${inspect(e)}`);
  }
  t.minus1++;
}

// ---- the runs ----------------------------------------------------------------

// Calls into the kernel and the shims weigh more than struct accessors.
const arb = fc.oneof(...ops.map((op) => ({ arbitrary: op.args.map((recipes) => ({ op: op.name, recipes })), weight: op.model || op.raw ? 3 : 1 })));
const byName = new Map(ops.map((op) => [op.name, op]));
const parb = fc.oneof(...pops.map((op) => op.args.map(([recipes, opt]) => ({ op: op.name, recipes, opt }))));
const pByName = new Map(pops.map((op) => [op.name, op]));

// The time is split: sync calls first, then promises calls (FUZZ_PROMISES_SHARE
// of it). A replay path names its phase: "123" is a sync run, "p123" a promises run.
const share = Number(env.FUZZ_PROMISES_SHARE ?? 0.25);
const replayPromises = path?.startsWith("p") === true;
const syncMs = Math.round(timeMs * (1 - share));
const promisesMs = timeMs - syncMs;

function progress(label: string): void {
  if (progressFd < 0) return;
  record.fill(32);
  record.write(label, 0, "latin1");
  writeSync(progressFd, record, 0, 16, 0);
}

function failureText(e: unknown): string {
  return e instanceof Error ? `${e.message}${e.cause !== undefined ? `\ncause: ${e.cause instanceof Error ? e.cause.stack : inspect(e.cause)}` : ""}` : String(e);
}

const started = Date.now();
const out: { seed: number; calls: number; runs: number; pcalls: number; pruns: number; ms: number; ops: number; pops: number; notes: string[]; failure?: string; replay?: string; tally?: Record<string, unknown> } = { seed, calls: 0, runs: 0, pcalls: 0, pruns: 0, ms: 0, ops: ops.length, pops: pops.length, notes };
if (!replayPromises && (path !== undefined || syncMs > 0)) {
  try {
    fc.assert(
      fc.property(arb, ({ op, recipes }) => {
        progress(String(run));
        run++;
        if (run - 1 === injectRun && injectWhat === "crash") process.kill(process.pid, "SIGSEGV");
        if (run - 1 === injectRun && injectWhat === "hang") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
        check(byName.get(op)!, recipes);
      }),
      {
        seed,
        path,
        numRuns: path !== undefined ? 1 : Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: path !== undefined ? undefined : syncMs,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
  } catch (e) {
    out.failure = failureText(e);
    const m = /path: "([^"]+)"/.exec(out.failure);
    if (m) out.replay = m[1];
  }
}
if (!out.failure && (path === undefined || replayPromises) && promisesMs > 0) {
  try {
    await fc.assert(
      fc.asyncProperty(parb, async ({ op, recipes, opt }) => {
        progress(`p${prun}`);
        prun++;
        await checkPromise(pByName.get(op)!, recipes, opt);
      }),
      {
        seed,
        path: replayPromises ? path!.slice(1) : undefined,
        numRuns: replayPromises ? 1 : Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: replayPromises ? undefined : promisesMs,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
  } catch (e) {
    // fast-check names the run by its path in this phase; the replay flag wants it as "p<path>".
    out.failure = `promises phase: ${failureText(e)}`;
    const m = /path: "([^"]+)"/.exec(out.failure);
    if (m) out.replay = `p${m[1]}`;
  }
}
fixtures.dispose();
if (progressFd >= 0) closeSync(progressFd);
out.calls = calls + pcalls;
out.runs = run + prun;
out.pcalls = pcalls;
out.pruns = prun;
out.ms = Date.now() - started;
out.tally = Object.fromEntries(tally);
if (resultPath) writeFileSync(resultPath, JSON.stringify(out));
else console.log(JSON.stringify(out, null, 1));
process.exitCode = out.failure ? 1 : 0;
