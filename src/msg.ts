// sendmsg(2)/recvmsg(2)/sendmmsg(2)/recvmmsg(2) and ancillary data (cmsg(3)).
// struct msghdr holds pointers, so msghdr, iovec and mmsghdr are plain
// objects with C's field names; the native shim builds the real msghdr over
// the same memory for each call (no payload is copied) and writes
// msg_namelen, msg_controllen and msg_flags back, as the kernel does in C.
// The control buffer is raw bytes; cmsghdr and the payload structs
// (in_pktinfo, in6_pktinfo, timeval, ...) are live views into it.
import { int, len, mem, nameOf, type Name } from "./check.js";
import { EMSGSIZE, IOV_MAX } from "./constants.js";
import { describe, wrongArg } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import type { Buf } from "./io.js";
import { native, type MsgFlat } from "./native.js";
import { in6_addr, in_addr, type SockaddrLike } from "./sockaddr.js";
import { BYTES, defineStruct, Struct, view } from "./struct.js";

/** struct iovec (readv(2)): one buffer of a scatter/gather list. A plain object, since C's holds a pointer. */
export class iovec {
  /** The buffer (any view or struct), or null. */
  iov_base: Buf | null = null;
  /** How many of its bytes to use; at most its size. */
  iov_len = 0;
  constructor(init?: { iov_base?: Buf | null; iov_len?: number } | null) {
    if (init) Object.assign(this, pick(init, ["iov_base", "iov_len"], "iovec"));
  }
}

/**
 * struct msghdr (recvmsg(2)): the message of sendmsg and recvmsg. A plain
 * object with C's fields, since C's holds pointers; the lengths say how much
 * of each buffer to use, as in C.
 */
export class msghdr {
  /** The peer's address (a sockaddr struct), or null on a connected socket. */
  msg_name: SockaddrLike | null = null;
  /** The size of msg_name; recvmsg sets it to the address's real length. */
  msg_namelen = 0;
  /** The data buffers: an array of iovec. */
  msg_iov: iovec[] | null = null;
  /** How many of msg_iov to use (at most IOV_MAX). */
  msg_iovlen = 0;
  /** Ancillary data (cmsg(3)): raw bytes, CMSG_SPACE(...) long; read and write it with the CMSG_ macros. */
  msg_control: ArrayBufferView | null = null;
  /** The size of msg_control; recvmsg sets it to the bytes of ancillary data received. */
  msg_controllen = 0;
  /** Set by recvmsg: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, MSG_OOB, MSG_ERRQUEUE. */
  msg_flags = 0;
  constructor(init?: Partial<msghdr> | null) {
    if (init) Object.assign(this, pick(init, ["msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"], "msghdr"));
  }
}

/** struct mmsghdr (recvmmsg(2)): a msghdr and the byte count of its message. */
export class mmsghdr {
  /** The message. */
  msg_hdr = new msghdr();
  /** Set by sendmmsg and recvmmsg: the bytes sent or received for this message. */
  msg_len = 0;
  constructor(init?: { msg_hdr?: msghdr; msg_len?: number } | null) {
    if (init) Object.assign(this, pick(init, ["msg_hdr", "msg_len"], "mmsghdr"));
  }
}

function pick(init: object, names: string[], cls: string): object {
  if (typeof init !== "object") throw new TypeError(`new ${cls}(): expected an object of field values, got ${describe(init)}`);
  for (const k of Object.keys(init)) if (!names.includes(k)) throw new TypeError(`new ${cls}(): ${cls} has no field ${k}`);
  return init;
}

/** struct cmsghdr (cmsg(3)): one ancillary data object, a view into a control buffer. Fields in host byte order. */
export class cmsghdr extends Struct {
  /** The object's length, header included: CMSG_LEN(data length). */
  declare cmsg_len: number;
  /** The originating protocol: SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6, ... */
  declare cmsg_level: number;
  /** The type: SCM_RIGHTS, IP_PKTINFO, IP_TTL, IPV6_PKTINFO, SO_TIMESTAMP, ... */
  declare cmsg_type: number;
}
defineStruct(cmsghdr, "cmsghdr", { cmsg_len: "uint", cmsg_level: "int", cmsg_type: "int" });

/** struct in_pktinfo (ip(7), IP_PKTINFO): arrival interface, local and destination address. */
export class in_pktinfo extends Struct {
  /** The interface index, host byte order. */
  declare ipi_ifindex: number;
  /** The local address (routing), s_addr in network byte order. */
  declare ipi_spec_dst: in_addr;
  /** The header's destination address, s_addr in network byte order. */
  declare ipi_addr: in_addr;
}
defineStruct(in_pktinfo, "in_pktinfo", { ipi_ifindex: "int", ipi_spec_dst: in_addr, ipi_addr: in_addr });

/** struct in6_pktinfo (ipv6(7), IPV6_PKTINFO): destination address and interface. */
export class in6_pktinfo extends Struct {
  /** The destination (or source) address, network order. */
  declare ipi6_addr: in6_addr;
  /** The interface index, host byte order. */
  declare ipi6_ifindex: number;
}
defineStruct(in6_pktinfo, "in6_pktinfo", { ipi6_addr: in6_addr, ipi6_ifindex: "uint" });

/** struct timespec (<time.h>): recvmmsg's timeout, SO_TIMESTAMPNS data. Fields in host byte order. */
export class timespec extends Struct {
  /** Seconds (time_t). */
  declare tv_sec: number;
  /** Nanoseconds, 0 to 999999999. */
  declare tv_nsec: number;
}
defineStruct(timespec, "timespec", { tv_sec: "int", tv_nsec: "int" });

// ---- cmsg(3) macros ----

const ALIGN = native.platform.cmsg_align;
/** Where a cmsghdr view sits: its control buffer and offset (for CMSG_DATA's extent). */
const PLACE: unique symbol = Symbol("berkeley-sockets.cmsg-place");
type Placed = cmsghdr & { [PLACE]?: { ctrl: Uint8Array; off: number } };

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function placed(ctrl: Uint8Array, off: number): cmsghdr {
  const c = view(cmsghdr, ctrl, off) as Placed;
  c[PLACE] = { ctrl, off };
  return c;
}

/**
 * len rounded up to the platform's ancillary data alignment.
 *
 * This function directly corresponds to the CMSG_ALIGN macro of cmsg(3).
 */
export function CMSG_ALIGN(len: number): number {
  const n = size(len, "CMSG_ALIGN");
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}

/** A size_t macro argument: a wrong type would not compile in C (TypeError); past 32 bits the & arithmetic would wrap (RangeError). */
function size(v: unknown, fn: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(wrongArg(fn, "len", "an integer", v));
  if (v < 0 || v > 0x7fffffff - 64) throw new RangeError(`${fn}: len out of range: ${v}`);
  return v;
}

/**
 * The bytes an ancillary data object with len bytes of data occupies,
 * padding included: the size of a control buffer, `Buffer.alloc(CMSG_SPACE(sizeof(in_pktinfo)))`.
 *
 * This function directly corresponds to the CMSG_SPACE macro of cmsg(3).
 */
export function CMSG_SPACE(len: number): number {
  return CMSG_ALIGN(len) + CMSG_ALIGN(cmsghdr.size);
}

/**
 * The cmsg_len value of an object with len bytes of data.
 *
 * This function directly corresponds to the CMSG_LEN macro of cmsg(3).
 */
export function CMSG_LEN(len: number): number {
  return CMSG_ALIGN(cmsghdr.size) + size(len, "CMSG_LEN");
}

function control(msgh: msghdr, fn: string): Uint8Array | null {
  if (!(msgh instanceof msghdr)) throw new TypeError(wrongArg(fn, "msgh", "a msghdr", msgh));
  const c = mem(msgh.msg_control, fn, "msgh.msg_control", false);
  if (c === null) return null;
  const n = len(msgh.msg_controllen, c.byteLength, fn, "msgh.msg_controllen");
  return bytesOf(c).subarray(0, n);
}

/**
 * The first ancillary data object of msgh's control buffer (a live cmsghdr
 * view), or null when there is none.
 *
 * This function directly corresponds to the CMSG_FIRSTHDR macro of cmsg(3).
 */
export function CMSG_FIRSTHDR(msgh: msghdr): cmsghdr | null {
  const ctrl = control(msgh, "CMSG_FIRSTHDR");
  if (ctrl === null || ctrl.byteLength < cmsghdr.size) return null;
  return placed(ctrl, 0);
}

/**
 * The ancillary data object after cmsg, or null when none fits in
 * msg_controllen (glibc's checks).
 *
 * This function directly corresponds to the CMSG_NXTHDR macro of cmsg(3).
 */
export function CMSG_NXTHDR(msgh: msghdr, cmsg: cmsghdr): cmsghdr | null {
  const ctrl = control(msgh, "CMSG_NXTHDR");
  if (!(cmsg instanceof cmsghdr)) throw new TypeError(wrongArg("CMSG_NXTHDR", "cmsg", "a cmsghdr", cmsg));
  const b = cmsg[BYTES];
  if (ctrl === null || b.buffer !== ctrl.buffer) throw new TypeError("CMSG_NXTHDR: cmsg is not inside msgh.msg_control");
  const off = b.byteOffset - ctrl.byteOffset;
  if (off < 0 || off > ctrl.byteLength) throw new TypeError("CMSG_NXTHDR: cmsg is not inside msgh.msg_control");
  if (cmsg.cmsg_len < cmsghdr.size) return null;
  const next = off + CMSG_ALIGN(cmsg.cmsg_len);
  if (next + cmsghdr.size > ctrl.byteLength) return null;
  const c = placed(ctrl, next);
  if (CMSG_ALIGN(c.cmsg_len) > ctrl.byteLength - next) return null;
  return c;
}

/**
 * A live view of cmsg's data, from the data's first byte to the end of the
 * control buffer (C returns a pointer there). Read a struct with
 * `cast(in_pktinfo, CMSG_DATA(cmsg))`; an int with
 * `memcpy(ttl, CMSG_DATA(cmsg), sizeof(ttl))` into an Int32Array(1).
 *
 * This function directly corresponds to the CMSG_DATA macro of cmsg(3).
 */
export function CMSG_DATA(cmsg: cmsghdr): Uint8Array {
  if (!(cmsg instanceof cmsghdr)) throw new TypeError(wrongArg("CMSG_DATA", "cmsg", "a cmsghdr", cmsg));
  const start = CMSG_LEN(0);
  const p = (cmsg as Placed)[PLACE];
  if (p !== undefined) return p.ctrl.subarray(Math.min(p.off + start, p.ctrl.byteLength));
  // A cmsghdr cast over some bytes: its data extends over cmsg_len, as far as the memory goes.
  const b = cmsg[BYTES];
  const avail = b.buffer.byteLength - b.byteOffset;
  return new Uint8Array(b.buffer, b.byteOffset + start, Math.max(0, Math.min(cmsg.cmsg_len, avail) - start));
}

// ---- the calls ----

/**
 * Appends msg in the shims' flat form (see MsgFlat) to views and nums, or
 * returns the errno C would fail with (EMSGSIZE; 0 when appended).
 */
function flatten(msg: msghdr, fn: string, arg: Name, out: boolean, views: (ArrayBufferView | null)[], nums: number[]): number {
  const at = (field: string) => () => `${nameOf(arg)}.${field}`;
  if (!(msg instanceof msghdr)) throw new TypeError(wrongArg(fn, nameOf(arg), "a msghdr", msg));
  const name = mem(msg.msg_name, fn, at("msg_name"), false);
  const namelen = len(msg.msg_namelen, name === null ? (out ? Infinity : 0) : name.byteLength, fn, at("msg_namelen"));
  const iov = msg.msg_iov;
  if (iov !== null && !Array.isArray(iov)) throw new TypeError(wrongArg(fn, `${nameOf(arg)}.msg_iov`, "an array of iovec or null", iov));
  const iovlen = len(msg.msg_iovlen, iov === null ? 0 : iov.length, fn, at("msg_iovlen"));
  if (iovlen > IOV_MAX) return EMSGSIZE; // the kernel's answer, before the shim's bound
  const ctrl = mem(msg.msg_control, fn, at("msg_control"), false);
  const controllen = len(msg.msg_controllen, ctrl === null ? 0 : ctrl.byteLength, fn, at("msg_controllen"));
  views.push(name, ctrl);
  nums.push(name === null ? 0 : namelen, controllen, iovlen);
  for (let k = 0; k < iovlen; k++) {
    const v = iov![k];
    if (!(v instanceof iovec)) throw new TypeError(wrongArg(fn, `${nameOf(arg)}.msg_iov[${k}]`, "an iovec", v));
    const b = mem(v.iov_base, fn, () => `${nameOf(arg)}.msg_iov[${k}].iov_base`, false);
    views.push(b);
    nums.push(len(v.iov_len, b === null ? 0 : b.byteLength, fn, () => `${nameOf(arg)}.msg_iov[${k}].iov_len`));
  }
  return 0;
}

/** One msghdr in the shims' flat form, or an errno (EMSGSIZE) C would fail with; shared with the promises entry point. */
export function parts(msg: msghdr, fn: string, arg: string, out: boolean): MsgFlat | number {
  const views: (ArrayBufferView | null)[] = [];
  const nums: number[] = [];
  const e = flatten(msg, fn, arg, out, views, nums);
  return e !== 0 ? e : [views, new Float64Array(nums)];
}

function fail(e: number): number {
  seterrno(e);
  return -1;
}

/**
 * Sends the message msg: the data of its iovecs, to msg_name (null on a
 * connected socket), with the ancillary data of msg_control. Returns the
 * byte count or -1.
 *
 * This function directly corresponds to the sendmsg(2) function. MSG_NOSIGNAL
 * is always added.
 *
 * Errors: as send and sendto: EAGAIN, EPIPE, ECONNRESET, EMSGSIZE (also
 * msg_iovlen over IOV_MAX), EDESTADDRREQ, EISCONN, ENOTCONN, EACCES,
 * ENETUNREACH, EINVAL (bad ancillary data), ENOBUFS, EINTR, EBADF, ENOTSOCK.
 */
export function sendmsg(sockfd: number, msg: msghdr, flags: number): number {
  const p = parts(msg, "sendmsg", "msg", false);
  if (typeof p === "number") return fail(p);
  return ret(native.sendmsg(int(sockfd, "sendmsg", "sockfd"), p, int(flags, "sendmsg", "flags")));
}

const out3 = new Uint32Array(3);

/**
 * Receives a message into msg: fills the iovecs, msg_name and msg_control,
 * and sets msg_namelen, msg_controllen and msg_flags (MSG_TRUNC,
 * MSG_CTRUNC). Returns the byte count, 0 at end of stream, or -1. Blocks
 * like C.
 *
 * This function directly corresponds to the recvmsg(2) function. Descriptors
 * passed with SCM_RIGHTS arrive close-on-exec (MSG_CMSG_CLOEXEC is added).
 *
 * Errors: as recv: EAGAIN, ECONNREFUSED, ECONNRESET, ENOTCONN, EMSGSIZE
 * (msg_iovlen over IOV_MAX), EINTR, EINVAL, EBADF, ENOTSOCK, ENOMEM.
 */
export function recvmsg(sockfd: number, msg: msghdr, flags: number): number {
  const p = parts(msg, "recvmsg", "msg", true);
  if (typeof p === "number") return fail(p);
  const r = ret(native.recvmsg(int(sockfd, "recvmsg", "sockfd"), p, int(flags, "recvmsg", "flags"), out3));
  if (r >= 0) {
    if (msg.msg_name !== null) msg.msg_namelen = out3[0]!;
    msg.msg_controllen = out3[1]!;
    msg.msg_flags = out3[2]!;
  }
  return r;
}

/** The first vlen messages of msgvec in the shims' flat form, and their count; or an errno. */
function vec(fn: string, msgvec: mmsghdr[], vlen: number): [MsgFlat, number] | number {
  if (!Array.isArray(msgvec)) throw new TypeError(wrongArg(fn, "msgvec", "an array of mmsghdr", msgvec));
  const n = len(vlen, msgvec.length, fn, "vlen");
  const views: (ArrayBufferView | null)[] = [];
  const nums: number[] = [];
  for (let k = 0; k < n; k++) {
    const m = msgvec[k];
    if (!(m instanceof mmsghdr)) throw new TypeError(wrongArg(fn, `msgvec[${k}]`, "an mmsghdr", m));
    const e = flatten(m.msg_hdr, fn, () => `msgvec[${k}].msg_hdr`, fn === "recvmmsg", views, nums);
    if (e !== 0) return e;
  }
  return [[views, new Float64Array(nums)], n];
}

function writeBack(msgvec: mmsghdr[], r: number, out: Uint32Array, received: boolean): void {
  for (let k = 0; k < r; k++) {
    const m = msgvec[k]!;
    m.msg_len = out[4 * k]!;
    if (!received) continue;
    if (m.msg_hdr.msg_name !== null) m.msg_hdr.msg_namelen = out[4 * k + 1]!;
    m.msg_hdr.msg_controllen = out[4 * k + 2]!;
    m.msg_hdr.msg_flags = out[4 * k + 3]!;
  }
}

/**
 * Sends up to vlen messages of msgvec in one call and sets each one's
 * msg_len. Returns how many were sent, or -1 when the first failed.
 *
 * This function directly corresponds to the sendmmsg(2) function.
 *
 * Errors: as sendmsg: EAGAIN, EPIPE, ECONNRESET, EMSGSIZE, EDESTADDRREQ,
 * ENOTCONN, EINVAL, ENOBUFS, EINTR, EBADF, ENOTSOCK.
 */
export function sendmmsg(sockfd: number, msgvec: mmsghdr[], vlen: number, flags: number): number {
  const v = vec("sendmmsg", msgvec, vlen);
  if (typeof v === "number") return fail(v);
  const [flat, n] = v;
  const out = new Uint32Array(4 * n);
  const r = ret(native.sendmmsg(int(sockfd, "sendmmsg", "sockfd"), flat, n, int(flags, "sendmmsg", "flags"), out));
  writeBack(msgvec, r, out, false);
  return r;
}

/**
 * Receives up to vlen messages into msgvec in one call, setting each one's
 * msg_len and msghdr fields as recvmsg does. Returns how many arrived, or
 * -1. flags: MSG_WAITFORONE (return once one has arrived), MSG_DONTWAIT;
 * timeout is a timespec or null.
 *
 * This function directly corresponds to the recvmmsg(2) function. Blocks
 * like C.
 *
 * Errors: as recvmsg: EAGAIN, ECONNREFUSED, EINTR, EINVAL (a bad timeout),
 * EBADF, ENOTSOCK, ENOMEM.
 */
export function recvmmsg(sockfd: number, msgvec: mmsghdr[], vlen: number, flags: number, timeout: timespec | null): number {
  const v = vec("recvmmsg", msgvec, vlen);
  if (typeof v === "number") return fail(v);
  if (timeout !== null && !(timeout instanceof timespec)) throw new TypeError(wrongArg("recvmmsg", "timeout", "a timespec or null", timeout));
  const [flat, n] = v;
  const out = new Uint32Array(4 * n);
  const r = ret(native.recvmmsg(int(sockfd, "recvmmsg", "sockfd"), flat, n, int(flags, "recvmmsg", "flags"), timeout === null ? null : timeout[BYTES], out));
  writeBack(msgvec, r, out, true);
  return r;
}
