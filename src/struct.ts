// Byte-exact structs (MIRROR §4). A struct object is a view over bytes laid
// out as the platform's C struct; sizes and offsets come from the native
// build's layout table, never from TypeScript. Fields read and write in the
// byte order C stores them.
import { inspect } from "node:util";
import { native, type StructLayout } from "./native.js";
import { CType } from "./ctypes.js";
import { describe, wrongArg } from "./describe.js";

/** The struct's own bytes (exactly sizeof bytes; a live view for nested structs). */
export const BYTES: unique symbol = Symbol("berkeley-sockets.bytes");
/**
 * The memory a pointer to the struct reaches (MIRROR §8): its own bytes, or
 * for a cast view, everything from its start to the end of the object it
 * views. Every bounds check (an addrlen, a further cast) uses this, while
 * sizeof stays the type's size (C's sizeof *sa).
 */
export const EXTENT: unique symbol = Symbol("berkeley-sockets.extent");
const VIEW: unique symbol = Symbol("berkeley-sockets.view");
const LE = native.platform.little_endian;

/** A struct type (the class itself, as `sizeof(sockaddr_in)` and `cast(sockaddr_in, ss)` take it). */
export type StructClass<T extends Struct = Struct> = {
  new (init?: never): T;
  readonly size: number;
  readonly layout: StructLayout;
  readonly prototype: T;
};

/** The field types a struct definition names; sizes come from the layout table. */
export type FieldKind = "int" | "uint" | "bytes" | "chars" | StructClass;

/**
 * The base of every byte-exact struct (sockaddr_in, ip_mreq, timeval, ...): a
 * view over bytes laid out exactly as the platform's C struct, with sizes and
 * offsets from the native build. Fields read and write in the byte order C
 * stores them; a new struct is zero-filled.
 */
export abstract class Struct {
  /** sizeof(struct X), from the native build; undefined where the platform lacks the struct. */
  declare static readonly size: number;
  /** The native build's layout of the struct: its size and each field's offset and size. */
  declare static readonly layout: StructLayout;
  declare [BYTES]: Uint8Array;
  declare [EXTENT]: Uint8Array;
  declare [VIEW]: DataView;

  /**
   * A zero-filled struct (C's memset(&s, 0, sizeof s)); a copy of a struct of
   * the same type (C's b = a); or a struct whose fields are set from an
   * object of field values (C's initializer).
   */
  constructor(init?: object | null) {
    const cls = new.target as unknown as StructClass;
    const size = cls.size;
    if (size === undefined) throw new TypeError(`struct ${cls.name} is not available on this platform`);
    const bytes = new Uint8Array(size);
    this[BYTES] = bytes;
    this[EXTENT] = bytes;
    this[VIEW] = new DataView(bytes.buffer);
    if (init !== undefined && init !== null) assign(this, init);
  }

  [inspect.custom](depth: number, options: object): string {
    const cls = this.constructor as StructClass;
    if (depth < 0) return `[${cls.name}]`;
    const fields: Record<string, unknown> = {};
    for (const name of [...Object.keys(cls.layout.fields), ...Object.keys(this)]) {
      fields[name] = (this as unknown as Record<string, unknown>)[name];
    }
    return `${cls.name} ${inspect(fields, { ...options, depth } as object)}`;
  }
}

function assign(target: Struct, init: object): void {
  const cls = target.constructor as StructClass;
  if (init instanceof Struct) {
    if (init.constructor !== cls) {
      throw new TypeError(`new ${cls.name}(): cannot copy from ${init.constructor.name}`);
    }
    target[BYTES].set(init[BYTES]);
    return;
  }
  if (typeof init !== "object") throw new TypeError(`new ${cls.name}(): expected a ${cls.name} or an object of field values, got ${describe(init)}`);
  for (const [key, value] of Object.entries(init)) {
    if (!(key in cls.prototype) || key === "constructor") {
      throw new TypeError(`new ${cls.name}(): ${cls.name} has no field ${key}`);
    }
    (target as unknown as Record<string, unknown>)[key] = value;
  }
}

/**
 * A live view of struct type cls over mem at offset. A nested field's view
 * reaches only the field (as a pointer to a member does under
 * _FORTIFY_SOURCE); wide, it reaches to the end of mem (a cast pointer).
 */
export function view<T extends Struct>(cls: StructClass<T>, mem: Uint8Array, offset = 0, wide = false): T {
  const size = cls.size;
  if (size === undefined) throw new TypeError(`struct ${cls.name} is not available on this platform`);
  if (offset < 0 || offset + size > mem.byteLength) {
    throw new RangeError(`a ${cls.name} (${size} bytes) does not fit in ${mem.byteLength - offset} bytes`);
  }
  const s = Object.create(cls.prototype) as T;
  s[BYTES] = mem.subarray(offset, offset + size);
  s[EXTENT] = wide ? mem.subarray(offset) : s[BYTES];
  s[VIEW] = new DataView(mem.buffer, mem.byteOffset + offset, size);
  return s;
}

/**
 * C's pointer cast (no man page: it is an operator):
 * `(struct sockaddr_in *)&storage` is `cast(sockaddr_in, storage)`, a live
 * view over the same bytes. Like a C
 * pointer it keeps the memory of the object it views: `cast(sockaddr, ss)`
 * has sizeof 16 but reaches all of ss, so an addrlen of sizeof(ss) and a
 * further `cast(sockaddr_in6, ...)` both fit. A type larger than the memory
 * there is a RangeError.
 */
export function cast<T extends Struct>(cls: StructClass<T>, src: Struct | ArrayBufferView): T {
  const bytes = src instanceof Struct ? src[EXTENT] : ArrayBuffer.isView(src) ? new Uint8Array(src.buffer, src.byteOffset, src.byteLength) : null;
  if (bytes === null || bytes === undefined) throw new TypeError(wrongArg("cast", "src", "a struct or an ArrayBufferView", src));
  return view(cls, bytes, 0, true);
}

function intAccessor(off: number, size: number, signed: boolean, field: string): PropertyDescriptor {
  const check = (v: unknown): number => {
    if (typeof v !== "number") throw new TypeError(`${field} must be a number, got ${describe(v)}`);
    return v;
  };
  switch (size) {
    case 1:
      return signed
        ? { get(this: Struct) { return this[VIEW].getInt8(off); }, set(this: Struct, v: unknown) { this[VIEW].setInt8(off, check(v)); } }
        : { get(this: Struct) { return this[VIEW].getUint8(off); }, set(this: Struct, v: unknown) { this[VIEW].setUint8(off, check(v)); } };
    case 2:
      return signed
        ? { get(this: Struct) { return this[VIEW].getInt16(off, LE); }, set(this: Struct, v: unknown) { this[VIEW].setInt16(off, check(v), LE); } }
        : { get(this: Struct) { return this[VIEW].getUint16(off, LE); }, set(this: Struct, v: unknown) { this[VIEW].setUint16(off, check(v), LE); } };
    case 4:
      return signed
        ? { get(this: Struct) { return this[VIEW].getInt32(off, LE); }, set(this: Struct, v: unknown) { this[VIEW].setInt32(off, check(v), LE); } }
        : { get(this: Struct) { return this[VIEW].getUint32(off, LE); }, set(this: Struct, v: unknown) { this[VIEW].setUint32(off, check(v), LE); } };
    case 8: {
      // 64-bit fields (time_t, uint64_t) read as numbers: exact up to 2^53.
      const big = (v: unknown): bigint => {
        const n = check(v);
        if (!Number.isFinite(n)) throw new TypeError(`${field} must be a finite number, got ${n}`);
        return BigInt(Math.trunc(n));
      };
      return signed
        ? { get(this: Struct) { return Number(this[VIEW].getBigInt64(off, LE)); }, set(this: Struct, v: unknown) { this[VIEW].setBigInt64(off, BigInt.asIntN(64, big(v)), LE); } }
        : { get(this: Struct) { return Number(this[VIEW].getBigUint64(off, LE)); }, set(this: Struct, v: unknown) { this[VIEW].setBigUint64(off, BigInt.asUintN(64, big(v)), LE); } };
    }
    default:
      throw new Error(`internal: no ${size}-byte integer accessor for ${field}`);
  }
}

/** Copies src into a field of size bytes, zero-filling the rest. */
function fill(s: Struct, off: number, size: number, src: ArrayLike<number>, field: string): void {
  if (src.length > size) throw new RangeError(`${field} holds ${size} bytes, got ${src.length}`);
  const dst = s[BYTES].subarray(off, off + size);
  dst.set(src);
  dst.fill(0, src.length);
}

function bytesAccessor(off: number, size: number, field: string, chars: boolean): PropertyDescriptor {
  const cache = Symbol(field);
  return {
    get(this: Struct & { [k: symbol]: Uint8Array }) {
      return (this[cache] ??= this[BYTES].subarray(off, off + size));
    },
    set(this: Struct, v: unknown) {
      if (chars && typeof v === "string") {
        const b = Buffer.from(v, "utf8");
        if (b.length > size) throw new RangeError(`${field} holds ${size} bytes, the string needs ${b.length}`);
        fill(this, off, size, b, field);
      } else if (ArrayBuffer.isView(v)) {
        fill(this, off, size, new Uint8Array(v.buffer, v.byteOffset, v.byteLength), field);
      } else if (Array.isArray(v)) {
        fill(this, off, size, v as number[], field);
      } else {
        throw new TypeError(`${field} must be ${chars ? "a string or " : ""}an array of bytes, got ${describe(v)}`);
      }
    },
  };
}

function structAccessor(cls: StructClass, off: number, field: string): PropertyDescriptor {
  const cache = Symbol(field);
  return {
    get(this: Struct & { [k: symbol]: Struct }) {
      return (this[cache] ??= view(cls, this[BYTES], off));
    },
    // C assignment of a nested struct copies its bytes in.
    set(this: Struct, v: unknown) {
      if (!(v instanceof cls)) throw new TypeError(`${field} must be a ${cls.name}, got ${describe(v)}`);
      this[BYTES].set(v[BYTES], off);
    },
  };
}

/**
 * Gives cls the size and fields of the C struct `cName` as the native build
 * laid it out. A field the platform's struct lacks is left undefined.
 */
export function defineStruct(cls: abstract new (...a: never[]) => Struct, cName: string, kinds: Record<string, FieldKind>): void {
  const layout = native.layout[cName];
  // Absent on this platform: no size of its own (not even a base class's).
  if (layout === undefined) {
    Object.defineProperty(cls, "size", { value: undefined });
    return;
  }
  Object.defineProperty(cls, "size", { value: layout.size });
  Object.defineProperty(cls, "layout", { value: layout });
  for (const [name, kind] of Object.entries(kinds)) {
    const f = layout.fields[name];
    if (f === undefined) continue;
    const [off, size] = f;
    const desc =
      kind === "int" || kind === "uint"
        ? intAccessor(off, size, kind === "int", `${cName}.${name}`)
        : kind === "bytes" || kind === "chars"
          ? bytesAccessor(off, size, `${cName}.${name}`, kind === "chars")
          : structAccessor(kind, off, `${cName}.${name}`);
    Object.defineProperty(cls.prototype, name, { ...desc, enumerable: true, configurable: false });
  }
}

/**
 * A socklen_t box, for the `socklen_t *` parameters of accept, recvfrom,
 * getsockname and getsockopt: C's `socklen_t len = sizeof addr;` is
 * `const len = new socklen_t(sizeof(addr))`, and `&len` is just `len`.
 */
export class socklen_t {
  /** The box's storage, handed to the kernel as a socklen_t *. */
  readonly [BYTES] = new Uint32Array(1);
  constructor(value = 0) {
    this.value = value;
  }
  /** The length (an unsigned 32-bit integer): set it before the call, read what the kernel wrote after. */
  get value(): number {
    return this[BYTES][0]!;
  }
  set value(v: number) {
    if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`socklen_t value must be an integer, got ${describe(v)}`);
    if (v < 0 || v > 0xffffffff) throw new RangeError(`socklen_t value out of range: ${v}`);
    this[BYTES][0] = v;
  }
  [inspect.custom](): string {
    return `socklen_t { value: ${this.value} }`;
  }
}

/** The socklen_t box's storage for a shim, or null; anything else is a TypeError. */
export function lenbox(v: unknown, fn: string, arg: string): Uint32Array | null {
  if (v instanceof socklen_t) return v[BYTES];
  if (v === null || v === undefined) return null;
  throw new TypeError(wrongArg(fn, arg, "a socklen_t box (new socklen_t(n)) or null", v));
}

/** What sizeof takes: a struct or struct type, a C type name (int, uint32_t, the socklen_t class), a view, a socklen_t box, a number (int), a bigint (int64_t) or a string. */
export type Sizeable = Struct | StructClass | ArrayBufferView | socklen_t | typeof socklen_t | CType | number | bigint | string;

/**
 * C's sizeof operator (no man page): a struct or struct type gives the C
 * size; a C type name (int, uint32_t, socklen_t, ...) its size; a number is
 * an int (sizeof(int)); a bigint an int64_t; a view its byte length; a string
 * its UTF-8 length plus the NUL of a C string literal.
 * Anything else is a TypeError.
 */
export function sizeof(x: Sizeable): number {
  if (x instanceof Struct) return (x.constructor as StructClass).size;
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (typeof x === "number") return native.platform.sizeof_int;
  if (x instanceof CType) return x.size;
  if (x instanceof socklen_t || x === socklen_t) return native.types.socklen_t!;
  if (typeof x === "function" && x.prototype instanceof Struct) return (x as StructClass).size;
  if (typeof x === "bigint") return 8;
  if (typeof x === "string") return Buffer.byteLength(x, "utf8") + 1;
  throw new TypeError(`sizeof: cannot take the size of ${describe(x)}`);
}

/**
 * The offset of field in the struct type, from the native build:
 * `offsetof(sockaddr_un, "sun_path")`.
 *
 * This function directly corresponds to the offsetof(3) macro.
 */
export function offsetof(cls: StructClass, field: string): number {
  const f = cls.layout?.fields[field];
  if (f === undefined) throw new TypeError(`offsetof: ${cls.name} has no field ${String(field)}`);
  return f[0];
}

function rawBytes(x: unknown, fn: string, arg: string): Uint8Array {
  if (x instanceof Struct) return x[EXTENT];
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  throw new TypeError(wrongArg(fn, arg, "a struct or an ArrayBufferView", x));
}

function count(n: unknown, max: number, fn: string): number {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError(wrongArg(fn, "n", "an integer", n));
  if (n < 0 || n > max) throw new RangeError(`${fn}: n (${n}) is larger than the ${max} bytes given`);
  return n;
}

/**
 * Fills the first n bytes of s (a struct or a view) with the byte c; returns s.
 *
 * This function directly corresponds to the memset(3) function; n past the
 * end of s is a RangeError.
 */
export function memset<T extends Struct | ArrayBufferView>(s: T, c: number, n: number): T {
  const b = rawBytes(s, "memset", "s");
  if (typeof c !== "number") throw new TypeError(wrongArg("memset", "c", "a number", c));
  b.fill(c & 0xff, 0, count(n, b.byteLength, "memset"));
  return s;
}

/**
 * Zeroes the first n bytes of s (a struct or a view).
 *
 * This function directly corresponds to the bzero(3) function.
 */
export function bzero(s: Struct | ArrayBufferView, n: number): void {
  memset(s, 0, n);
}

/**
 * Copies n bytes from src to dest (structs or views); returns dest.
 *
 * This function directly corresponds to the memcpy(3) function; n past the
 * end of either is a RangeError.
 */
export function memcpy<T extends Struct | ArrayBufferView>(dest: T, src: Struct | ArrayBufferView, n: number): T {
  const d = rawBytes(dest, "memcpy", "dest");
  const s = rawBytes(src, "memcpy", "src");
  d.set(s.subarray(0, count(n, Math.min(d.byteLength, s.byteLength), "memcpy")));
  return dest;
}
