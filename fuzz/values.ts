// Hostile argument values for the fuzzer. Every generated value is a plain
// "recipe" (printable, immutable, shrinkable); materialize() turns it into a
// fresh JS value for one call, so each run is self-contained and replays
// exactly from (seed, path). Memory handed to a call sits between canary bytes
// that are checked after the call.
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import * as api from "../src/index.js";
import { BYTES, EXTENT, Struct, type StructClass } from "../src/struct.js";
import { Fixtures, FD_KINDS, type FdKind } from "./fixtures.js";

const C = api as unknown as Record<string, number>;

// ---- numbers ---------------------------------------------------------------

/** Numbers no C int argument should ever see, and the edges around them. */
export const EDGE_NUMBERS = [
  Number.NaN, Infinity, -Infinity, -0, -1, 0.5, -0.5, 1.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) - 1,
  2 ** 32, 2 ** 32 - 1, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e300,
  0xffff, 0x10000, 65535, 4096, 1 << 30,
];

/** Values of the wrong type for any parameter. */
export type Wrong =
  | { k: "undefined" } | { k: "null" } | { k: "bool"; v: boolean } | { k: "bigint"; v: string } | { k: "symbol" }
  | { k: "object" } | { k: "array"; n: number } | { k: "fn" } | { k: "numstr"; v: string } | { k: "boxednum" }
  | { k: "arraybuffer"; n: number } | { k: "date" } | { k: "proxy" } | { k: "getter" }
  | { k: "fakestruct" } | { k: "shrunkstruct" };

export const wrong: fc.Arbitrary<Wrong> = fc.oneof(
  fc.constant<Wrong>({ k: "undefined" }),
  fc.constant<Wrong>({ k: "null" }),
  fc.boolean().map<Wrong>((v) => ({ k: "bool", v })),
  fc.constantFrom("0", "-1", "4294967296", "18446744073709551617").map<Wrong>((v) => ({ k: "bigint", v })),
  fc.constant<Wrong>({ k: "symbol" }),
  fc.constant<Wrong>({ k: "object" }),
  fc.constantFrom(0, 1, 2, 16).map<Wrong>((n) => ({ k: "array", n })),
  fc.constant<Wrong>({ k: "fn" }),
  fc.constantFrom("3", "0x10", "", " ", "1e3").map<Wrong>((v) => ({ k: "numstr", v })),
  fc.constant<Wrong>({ k: "boxednum" }),
  fc.constantFrom(0, 4, 16, 128).map<Wrong>((n) => ({ k: "arraybuffer", n })),
  fc.constant<Wrong>({ k: "date" }),
  fc.constant<Wrong>({ k: "proxy" }),
  fc.constant<Wrong>({ k: "getter" }),
  // A struct object without its bytes, and one whose bytes were swapped for a 2-byte view.
  fc.constant<Wrong>({ k: "fakestruct" }),
  fc.constant<Wrong>({ k: "shrunkstruct" }),
);

/** Integer recipes: edges, small values, and named constants. */
export type Num = { k: "num"; v: number } | { k: "const"; name: string };
const num = (v: number): Num => ({ k: "num", v });

export function numbers(constNames: readonly string[] = []): fc.Arbitrary<Num> {
  const present = constNames.filter((n) => typeof C[n] === "number");
  const parts: fc.Arbitrary<Num>[] = [
    fc.constantFrom(...EDGE_NUMBERS).map(num),
    fc.integer({ min: -4, max: 300 }).map(num),
    fc.integer().map(num),
    fc.double().map(num),
  ];
  const weighted = parts.map((arbitrary) => ({ arbitrary, weight: 1 }));
  if (present.length) weighted.push({ arbitrary: fc.constantFrom(...present).map<Num>((name) => ({ k: "const", name })), weight: 4 });
  return fc.oneof(...weighted);
}

// ---- memory ---------------------------------------------------------------

export const VIEW_TYPES = [
  "Uint8Array", "Int8Array", "Uint8ClampedArray", "Buffer", "DataView", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
] as const;
export type ViewType = (typeof VIEW_TYPES)[number];
export type Backing = "ab" | "sab" | "resizable" | "growable-sab" | "detached" | "tracking";

/** A view over canary-guarded memory: `off` bytes of canary before, `tail` after. */
export interface BufRecipe {
  k: "buf";
  type: ViewType;
  backing: Backing;
  /** element count (bytes for the 1-byte types and DataView) */
  n: number;
  /** extra element offset inside the backing store (the C `buf + off`) */
  off: number;
  fill: number;
}

const elemSize = (t: ViewType): number =>
  t === "Int16Array" || t === "Uint16Array" ? 2
  : t === "Int32Array" || t === "Uint32Array" || t === "Float32Array" ? 4
  : t === "Float64Array" || t === "BigInt64Array" || t === "BigUint64Array" ? 8
  : 1;

export const bufs: fc.Arbitrary<BufRecipe> = fc.record({
  k: fc.constant("buf" as const),
  type: fc.constantFrom(...VIEW_TYPES),
  backing: fc.constantFrom<Backing>("ab", "ab", "ab", "sab", "resizable", "growable-sab", "detached", "tracking"),
  n: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 8, 15, 16, 28, 110, 128, 4096), fc.integer({ min: 0, max: 70000 })),
  off: fc.constantFrom(0, 0, 1, 3, 7, 13),
  fill: fc.constantFrom(0, 0xff, 0x41),
});

/**
 * A struct: a fresh one, one cast over canary-guarded memory, or one from
 * field values. A cast view may sit over more memory than its type (room
 * bytes more, as cast(sockaddr, ss) over a sockaddr_storage), sometimes
 * through a cast of a cast: lengths relative to it then measure that memory.
 */
export interface StructRecipe {
  k: "struct";
  cls: string;
  how: "new" | "cast" | "init";
  off: number;
  fill: number;
  family?: string;
  room?: number;
}

export const STRUCTS = (Object.entries(api) as [string, unknown][])
  .filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Struct && (v as StructClass).size !== undefined)
  .map(([k]) => k);

export function structs(names: readonly string[] = STRUCTS): fc.Arbitrary<StructRecipe> {
  return fc.record({
    k: fc.constant("struct" as const),
    cls: fc.constantFrom(...names),
    how: fc.constantFrom<StructRecipe["how"]>("new", "cast", "init"),
    off: fc.constantFrom(0, 1, 3, 8),
    fill: fc.constantFrom(0, 0xff, 0x41),
    family: fc.constantFrom("AF_INET", "AF_INET6", "AF_UNIX", "AF_UNSPEC", "AF_PACKET", "AF_NETLINK"),
    room: fc.constantFrom(0, 0, 1, 12, 112),
  });
}

/** A socklen_t box whose value is relative to another argument's size, or absolute. */
export interface LenBoxRecipe {
  k: "lenbox";
  /** index of the argument whose size the value refers to, or -1 for an absolute value */
  rel: number;
  delta: number;
  guarded: boolean;
}
export function lenboxes(rel: number): fc.Arbitrary<LenBoxRecipe | Num | Wrong> {
  return fc.oneof(
    { arbitrary: fc.record({ k: fc.constant("lenbox" as const), rel: fc.constantFrom(rel, rel, rel, -1), delta: fc.constantFrom(0, 0, 0, 0, -1, -2, 1, 2, 4, 1000, 2 ** 31, 2 ** 32 - 1), guarded: fc.boolean() }), weight: 16 },
    { arbitrary: fc.constant<Wrong>({ k: "null" }), weight: 1 },
    { arbitrary: wrong, weight: 1 },
    { arbitrary: numbers(), weight: 1 },
  );
}

/** A length relative to another argument's size (C's sizeof(buf) + delta), or absolute. */
export interface LenRecipe {
  k: "len";
  rel: number;
  delta: number;
}
export function lengths(rel: number): fc.Arbitrary<LenRecipe | Num | Wrong> {
  return fc.oneof(
    { arbitrary: fc.record({ k: fc.constant("len" as const), rel: fc.constant(rel), delta: fc.constantFrom(0, 0, 0, 0, 0, -1, -1, 1, 7, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31)) }), weight: 12 },
    { arbitrary: numbers(), weight: 2 },
    { arbitrary: wrong, weight: 1 },
  );
}

/** Strings: NUL bytes, lone surrogates, huge ones, over-long sockaddr_un paths, addresses. */
export type StrRecipe = { k: "str"; v: string } | { k: "longstr"; n: number; ch: string };
export const strings: fc.Arbitrary<StrRecipe> = fc.oneof(
  fc.constantFrom(
    "", "\0", "a\0b", "127.0.0.1", "127.0.0.1\0evil", "::1", "::1%lo", "::ffff:127.0.0.1", "0.0.0.0", "localhost",
    "lo", "lo\0", "255.255.255.255", "1.2.3", "0x7f.1", "\ud800", "\udfff\ud800", "é", "80", "http", "-1", "%",
  ).map<StrRecipe>((v) => ({ k: "str", v })),
  fc.string({ maxLength: 40 }).map<StrRecipe>((v) => ({ k: "str", v })),
  fc.constantFrom(15, 16, 107, 108, 109, 1025, 70000, 1 << 20).chain((n) => fc.constantFrom("a", "\0", "é", "\ud800").map<StrRecipe>((ch) => ({ k: "longstr", n, ch }))),
);

/** A descriptor: a fixture of some kind, or a number no fixture owns. */
export type FdRecipe = { k: "fd"; kind: FdKind };
export const fds: fc.Arbitrary<FdRecipe | Num | Wrong> = fc.oneof(
  { arbitrary: fc.constantFrom(...FD_KINDS).map<FdRecipe>((kind) => ({ k: "fd", kind })), weight: 24 },
  { arbitrary: fc.constantFrom(-1, -2, 1 << 20, 65535, 2 ** 31 - 1, 2 ** 31, NaN, Infinity, 0.5).map(num), weight: 2 },
  { arbitrary: wrong, weight: 1 },
);

/** A msghdr whose lengths follow its parts (plus deltas); raw calls get its shim form (MsgFlat). */
export interface MsgRecipe {
  k: "msg";
  name: Recipe;
  namelen: number;
  iov: Recipe[];
  iovlen: number;
  lens: number[];
  ctrl: Recipe;
  ctrllen: number;
}
export type Recipe = Num | Wrong | BufRecipe | StructRecipe | LenBoxRecipe | LenRecipe | StrRecipe | FdRecipe | MsgRecipe
  | { k: "lit"; v: unknown } | { k: "obj"; fields: [string, Recipe][]; cls?: string } | { k: "list"; items: Recipe[] }
  | { k: "mmsg"; msgs: MsgRecipe[] };

// ---- materializing ---------------------------------------------------------

const CANARY = 0xa5;
const PAD = 16;

interface Guard {
  bytes: Uint8Array;
  lo: number;
  hi: number;
  what: string;
}

/** Per-call state: fixtures opened lazily, canaries to check, descriptors to close. */
export class Call {
  readonly guards: Guard[] = [];
  readonly values: unknown[] = [];
  constructor(readonly fixtures: Fixtures, readonly raw: boolean) {}

  /** Memory of n bytes with canaries around [off, off+n). */
  private guarded(backing: Backing, off: number, n: number, what: string): { buffer: ArrayBufferLike; start: number } {
    const total = PAD + off + n + PAD;
    let buffer: ArrayBufferLike;
    switch (backing) {
      case "sab": buffer = new SharedArrayBuffer(total); break;
      case "growable-sab": buffer = new (SharedArrayBuffer as unknown as new (n: number, o: object) => SharedArrayBuffer)(total, { maxByteLength: total * 2 }); break;
      case "resizable": case "tracking": buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(total, { maxByteLength: total * 2 }); break;
      default: buffer = new ArrayBuffer(total);
    }
    const all = new Uint8Array(buffer);
    all.fill(CANARY, 0, PAD + off);
    all.fill(CANARY, PAD + off + n);
    if (backing !== "detached") this.guards.push({ bytes: all, lo: PAD + off, hi: PAD + off + n, what });
    return { buffer, start: PAD + off };
  }

  /** Writes outside the memory handed in: returns a description, or null. */
  checkCanaries(): string | null {
    for (const g of this.guards) {
      const b = g.bytes;
      for (let i = 0; i < b.length; i++) {
        if ((i < g.lo || i >= g.hi) && b[i] !== CANARY) return `canary byte ${i - g.lo} (relative to the start) of ${g.what} was overwritten with ${b[i]}`;
      }
    }
    return null;
  }

  /** Harness self-test: a write one byte past the end of memory handed in (or a guard made for the purpose). */
  scribble(): void {
    if (this.guards.length === 0) this.guarded("ab", 0, 8, "self-test memory");
    const g = this.guards[0]!;
    g.bytes[g.hi] = 0;
  }

  buf(r: BufRecipe): ArrayBufferView {
    const es = elemSize(r.type);
    const off = r.off * es;
    const bytes = r.n * es;
    const { buffer, start } = this.guarded(r.backing, off, bytes, `${r.type}(${r.n})@${off}/${r.backing}`);
    new Uint8Array(buffer, start, bytes).fill(r.fill);
    let v: ArrayBufferView;
    const track = r.backing === "tracking";
    switch (r.type) {
      case "Buffer": v = Buffer.from(buffer, start, bytes); break;
      case "DataView": v = new DataView(buffer, start, bytes); break;
      default: {
        const T = globalThis[r.type] as unknown as new (b: ArrayBufferLike, o: number, n?: number) => ArrayBufferView;
        v = track ? new T(buffer, start) : new T(buffer, start, r.n);
      }
    }
    if (track) {
      // A length-tracking view: the store shrinks to end exactly where the view's memory ends.
      (buffer as unknown as { resize(n: number): void }).resize(start + bytes);
      this.guards.pop();
    }
    if (r.backing === "detached") structuredClone(buffer, { transfer: [buffer as ArrayBuffer] });
    return v;
  }

  struct(r: StructRecipe): Struct {
    const cls = (api as unknown as Record<string, StructClass>)[r.cls]!;
    let s: Struct;
    if (r.how === "cast") {
      const room = r.room ?? 0;
      const { buffer, start } = this.guarded("ab", r.off, cls.size + room, `struct ${r.cls}+${room}@${r.off}`);
      const mem = new Uint8Array(buffer, start, cls.size + room);
      // room 12+: through an in_addr view first, C's (struct T *)(struct in_addr *)p.
      s = api.cast(cls, room >= 12 ? api.cast(api.in_addr, mem) : mem);
      mem.fill(r.fill);
    } else {
      s = new cls();
      if (r.how === "init") s[BYTES].fill(r.fill);
    }
    const fam = r.family !== undefined ? C[r.family] : undefined;
    const fields = cls.layout.fields;
    const famField = Object.keys(fields).find((f) => f.endsWith("_family"));
    if (famField && fam !== undefined) (s as unknown as Record<string, number>)[famField] = fam;
    return s;
  }

  lenbox(r: LenBoxRecipe, args: readonly Recipe[], done: readonly unknown[]): unknown {
    const base = r.rel >= 0 ? sizeOf(done[r.rel]) : 0;
    let value = base + r.delta;
    if (value < 0) value = 0;
    if (value > 0xffffffff) value = 0xffffffff;
    let box: api.socklen_t;
    if (r.guarded) {
      const { buffer, start } = this.guarded("ab", 4, 4, "socklen_t box");
      box = Object.create(api.socklen_t.prototype) as api.socklen_t;
      (box as unknown as Record<symbol, Uint32Array>)[BYTES] = new Uint32Array(buffer, start, 1);
      box.value = value;
    } else {
      box = new api.socklen_t(value);
    }
    return this.raw ? (box as unknown as Record<symbol, Uint32Array>)[BYTES] : box;
  }

  one(r: Recipe, args: readonly Recipe[], done: readonly unknown[]): unknown {
    switch (r.k) {
      case "num": return r.v;
      case "const": return C[r.name];
      case "lit": return r.v;
      case "undefined": return undefined;
      case "null": return null;
      case "bool": return r.v;
      case "bigint": return BigInt(r.v);
      case "symbol": return Symbol("fuzz");
      case "object": return {};
      case "array": return new Array<number>(r.n).fill(1);
      case "fn": return () => 1;
      case "numstr": return r.v;
      case "boxednum": return Object(3);
      case "arraybuffer": return new ArrayBuffer(r.n);
      case "date": return new Date(0);
      case "proxy": return new Proxy(new Uint8Array(8), {});
      case "fakestruct": return Object.create(api.sockaddr_in.prototype) as unknown;
      case "shrunkstruct": {
        const st = new api.sockaddr_in6();
        const { buffer, start } = this.guarded("ab", 0, 2, "shrunk struct bytes");
        (st as unknown as Record<symbol, Uint8Array>)[BYTES] = new Uint8Array(buffer, start, 2);
        (st as unknown as Record<symbol, Uint8Array>)[EXTENT] = new Uint8Array(buffer, start, 2);
        return this.raw ? (st as unknown as Record<symbol, Uint8Array>)[BYTES] : st;
      }
      case "getter": return { get value(): number { throw new TypeError("fuzz: getter"); }, valueOf(): number { return 4; } };
      case "buf": { const v = this.buf(r); return v; }
      case "struct": { const s = this.struct(r); return this.raw ? s[BYTES] : s; }
      case "lenbox": return this.lenbox(r, args, done);
      case "len": {
        const base = sizeOf(done[r.rel]);
        return base + r.delta;
      }
      case "str": return r.v;
      case "longstr": return r.ch.repeat(r.n);
      case "fd": return this.fixtures.open(r.kind);
      case "list": return r.items.map((x) => this.one(x, args, done));
      case "msg": return this.msg(r, args, done);
      case "mmsg": {
        if (!this.raw) return r.msgs.map((m) => new (api as unknown as { mmsghdr: new (i: object) => unknown }).mmsghdr({ msg_hdr: this.msg(m, args, done) }));
        // The raw shims take every message in one flat pair: views and numbers, message after message.
        const flats = r.msgs.map((m) => this.msg(m, args, done) as [unknown[], Float64Array]);
        return [flats.flatMap((f) => f[0]), Float64Array.from(flats.flatMap((f) => [...f[1]]))];
      }
      case "obj": {
        if (r.cls) {
          const inst = new ((api as unknown as Record<string, new () => Record<string, unknown>>)[r.cls]!)();
          for (const [key, f] of r.fields) inst[key] = this.one(f, args, done);
          return inst;
        }
        const o: Record<string, unknown> = {};
        for (const [key, f] of r.fields) Object.defineProperty(o, key, { value: this.one(f, args, done), enumerable: true, writable: true, configurable: true });
        return o;
      }
    }
  }

  msg(r: MsgRecipe, args: readonly Recipe[], done: readonly unknown[]): unknown {
    const name = this.one(r.name, args, done);
    const bases = r.iov.map((x) => this.one(x, args, done));
    const ctrl = this.one(r.ctrl, args, done);
    const namelen = Math.max(-1, sizeOf(name) + r.namelen);
    const lens = bases.map((b, i) => Math.max(-1, sizeOf(b) + (r.lens[i] ?? 0)));
    const iovlen = Math.max(-1, bases.length + r.iovlen);
    const ctrllen = Math.max(-1, sizeOf(ctrl) + r.ctrllen);
    if (this.raw) return [[name, ctrl, ...bases], new Float64Array([namelen, ctrllen, iovlen, ...lens])];
    const a = api as unknown as { msghdr: new () => Record<string, unknown>; iovec: new () => Record<string, unknown> };
    const m = new a.msghdr();
    m.msg_name = name;
    m.msg_namelen = namelen;
    m.msg_iov = bases.map((b, i) => Object.assign(new a.iovec(), { iov_base: b, iov_len: lens[i] }));
    m.msg_iovlen = iovlen;
    m.msg_control = ctrl;
    m.msg_controllen = ctrllen;
    return m;
  }

  /** Materializes the arguments in order; lengths refer back to earlier ones. Closed descriptors last. */
  all(args: readonly Recipe[]): unknown[] {
    const out: unknown[] = new Array(args.length);
    const order = args.map((_, i) => i).sort((a, b) => rank(args[a]!) - rank(args[b]!));
    for (const i of order) out[i] = this.one(args[i]!, args, out);
    return out;
  }
}

/** Lengths after what they measure; closed-descriptor numbers after every fixture that could reuse them. */
function rank(r: Recipe): number {
  if (r.k === "len" || r.k === "lenbox") return 2;
  if (r.k === "fd" && (r.kind === "closed")) return 1;
  return 0;
}

/**
 * C's sizeof of whatever an argument became (0 for things without a size); for
 * a cast view, the memory it reaches when that is more (C's sizeof of the
 * object the pointer points into), so relative lengths probe its real end.
 */
export function sizeOf(v: unknown): number {
  if (v instanceof Struct) return Math.max((v.constructor as StructClass).size, v[EXTENT]?.byteLength ?? 0);
  if (ArrayBuffer.isView(v)) {
    try {
      return v.byteLength;
    } catch {
      return 0; // a DataView over a detached buffer throws
    }
  }
  if (typeof v === "string") return Buffer.byteLength(v) + 1;
  if (typeof v === "number") return 4;
  return 0;
}

/** Short text of a recipe list, for reports. */
export function show(args: readonly Recipe[]): string {
  return JSON.stringify(args, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

export function writeReport(path: string | undefined, text: string): void {
  if (path) writeFileSync(path, text);
}
