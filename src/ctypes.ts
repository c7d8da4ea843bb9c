// C's scalar type names as values that sizeof understands (MIRROR §9):
// setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(int)) ports as is.
// Sizes come from the native build, never from TypeScript.
import { native } from "./native.js";

/** A C scalar type: its C name and sizeof, from the native build. */
export class CType {
  /** The C spelling: "int", "uint32_t", ... */
  readonly name: string;
  /** sizeof the type in bytes, from the native build. */
  readonly size: number;
  constructor(name: string) {
    const size = native.types[name];
    if (size === undefined) throw new Error(`internal: the native build has no size for ${name}`);
    this.name = name;
    this.size = size;
    Object.freeze(this);
  }
  /** The C name, so that `${int}` prints "int". */
  toString(): string {
    return this.name;
  }
}

/** C's `char`, a value for `sizeof(char)` (native build: see sizeof). */
export const char = new CType("char");
/** C's `short`, a value for `sizeof(short)` (native build: see sizeof). */
export const short = new CType("short");
/** C's `int`, a value for `sizeof(int)` (native build: see sizeof). */
export const int = new CType("int");
/** C's `unsigned`, a value for `sizeof(unsigned)` (native build: see sizeof). */
export const unsigned = new CType("unsigned");
/** C's `long`, a value for `sizeof(long)` (native build: see sizeof). */
export const long = new CType("long");
/** C's `size_t`, a value for `sizeof(size_t)` (native build: see sizeof). */
export const size_t = new CType("size_t");
/** C's `ssize_t`, a value for `sizeof(ssize_t)` (native build: see sizeof). */
export const ssize_t = new CType("ssize_t");
/** C's `int8_t`, a value for `sizeof(int8_t)` (native build: see sizeof). */
export const int8_t = new CType("int8_t");
/** C's `int16_t`, a value for `sizeof(int16_t)` (native build: see sizeof). */
export const int16_t = new CType("int16_t");
/** C's `int32_t`, a value for `sizeof(int32_t)` (native build: see sizeof). */
export const int32_t = new CType("int32_t");
/** C's `int64_t`, a value for `sizeof(int64_t)` (native build: see sizeof). */
export const int64_t = new CType("int64_t");
/** C's `uint8_t`, a value for `sizeof(uint8_t)` (native build: see sizeof). */
export const uint8_t = new CType("uint8_t");
/** C's `uint16_t`, a value for `sizeof(uint16_t)` (native build: see sizeof). */
export const uint16_t = new CType("uint16_t");
/** C's `uint32_t`, a value for `sizeof(uint32_t)` (native build: see sizeof). */
export const uint32_t = new CType("uint32_t");
/** C's `uint64_t`, a value for `sizeof(uint64_t)` (native build: see sizeof). */
export const uint64_t = new CType("uint64_t");
/** C's `in_addr_t`, a value for `sizeof(in_addr_t)` (native build: see sizeof). */
export const in_addr_t = new CType("in_addr_t");
/** C's `in_port_t`, a value for `sizeof(in_port_t)` (native build: see sizeof). */
export const in_port_t = new CType("in_port_t");
/** C's `sa_family_t`, a value for `sizeof(sa_family_t)` (native build: see sizeof). */
export const sa_family_t = new CType("sa_family_t");
