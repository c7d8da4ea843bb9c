// C's scalar type names as values that sizeof understands (MIRROR §9):
// setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(int)) ports as is.
// Sizes come from the native build, never from TypeScript. Each name is also
// a TypeScript type (number), so C's `int n = 0;` ports as `let n: int = 0;`.
import { native } from "./native.js";

/** A C scalar type: its C name and sizeof, from the native build. */
export class CType {
  readonly name: string;
  readonly size: number;
  constructor(name: string) {
    const size = native.types[name];
    if (size === undefined) throw new Error(`internal: the native build has no size for ${name}`);
    this.name = name;
    this.size = size;
    Object.freeze(this);
  }
  toString(): string {
    return this.name;
  }
}

export const char = new CType("char");
export const short = new CType("short");
export const int = new CType("int");
export const unsigned = new CType("unsigned");
export const long = new CType("long");
export const size_t = new CType("size_t");
export const ssize_t = new CType("ssize_t");
export const int8_t = new CType("int8_t");
export const int16_t = new CType("int16_t");
export const int32_t = new CType("int32_t");
export const int64_t = new CType("int64_t");
export const uint8_t = new CType("uint8_t");
export const uint16_t = new CType("uint16_t");
export const uint32_t = new CType("uint32_t");
export const uint64_t = new CType("uint64_t");
export const in_addr_t = new CType("in_addr_t");
export const in_port_t = new CType("in_port_t");
export const sa_family_t = new CType("sa_family_t");

// The same names as TypeScript types: a C integer is a JavaScript number.
export type char = number;
export type short = number;
export type int = number;
export type unsigned = number;
export type long = number;
export type size_t = number;
export type ssize_t = number;
export type int8_t = number;
export type int16_t = number;
export type int32_t = number;
export type int64_t = number;
export type uint8_t = number;
export type uint16_t = number;
export type uint32_t = number;
export type uint64_t = number;
export type in_addr_t = number;
export type in_port_t = number;
export type sa_family_t = number;
