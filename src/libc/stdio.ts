// <stdio.h>: stdin, stdout and stderr as glibc buffers them, and the printf
// family on the one format engine (format.ts).
//
// Buffering follows glibc 2.36: stdout is line-buffered on a terminal and
// fully buffered otherwise, in a buffer of the descriptor's st_blksize
// (4096 for a pipe or a file, 1024 for a pseudo-terminal), decided at its
// first output; stderr is unbuffered. Bytes enter a stream the way glibc's
// _IO_new_file_xsputn takes them (what fits is copied; whole blocks of the
// rest go straight to write(2); a line-buffered stream is flushed through its
// last newline), so output interleaves with write(1, ...), perror and
// fprintf(stderr, ...) exactly as in C. Reading stdin when it is a terminal
// first flushes a line-buffered stdout (a prompt without a newline shows).
// Buffered output is flushed once when the process exits (the event loop
// ends, process.exit(), or exit()), by fflush, and when the buffer fills.
// Each worker thread has its own streams (C's threads share one).
import { fstatSync } from "node:fs";
import { isatty } from "node:tty";
import { describe } from "../describe.js";
import { seterrno } from "../errno.js";
import { native } from "../native.js";
import { readSome, writeAll } from "./fdio.js";
import { format } from "./format.js";
import { charPtr, cstrBytes } from "./string.js";

const L = native.libc as Record<string, number>;
export const EOF = L.EOF!;
export const BUFSIZ = L.BUFSIZ!;
export const _IOFBF = L._IOFBF!;
export const _IOLBF = L._IOLBF!;
export const _IONBF = L._IONBF!;
const EINVAL = native.constants.EINVAL!;
const NL = 0x0a;

/** A stdio stream (C's FILE): stdin, stdout or stderr. */
class FILE {
  /** _IOFBF, _IOLBF or _IONBF; null until the first I/O decides it (glibc's doallocate). */
  mode: number | null;
  size = 0;
  buf: Uint8Array | null = null;
  /** Output: bytes waiting in buf. Input: the next byte to hand out, and the end of what was read. */
  pos = 0;
  end = 0;
  /** Output: whether a first overflow set the buffer up for writing (glibc's _IO_CURRENTLY_PUTTING). */
  putting = false;
  eof = false;
  error = false;

  constructor(
    readonly fd: number,
    readonly name: string,
    readonly input: boolean,
    mode: number | null,
  ) {
    this.mode = mode;
  }

  /** glibc's _IO_file_doallocate: st_blksize bytes (BUFSIZ if unknown), line-buffered on a terminal. */
  private setup(): void {
    let blksize = 0;
    let chr = false;
    try {
      const st = fstatSync(this.fd);
      blksize = st.blksize;
      chr = st.isCharacterDevice();
    } catch {
      // A closed descriptor: the write or read will report EBADF.
    }
    this.size = blksize > 0 ? blksize : BUFSIZ;
    if (this.mode === null) this.mode = chr && isatty(this.fd) ? _IOLBF : _IOFBF;
  }

  private ensure(): Uint8Array {
    if (this.mode === null || this.size === 0) this.setup();
    if (this.mode === _IONBF) this.size = 1;
    return (this.buf ??= new Uint8Array(this.size));
  }

  /** write(2) every byte; on failure the stream's error flag and errno are set. */
  private sys(b: Uint8Array): boolean {
    const e = writeAll(this.fd, b);
    if (e === 0) return true;
    this.error = true;
    seterrno(e);
    return false;
  }

  /** Writes out the buffered bytes; they are dropped even when the write fails, as glibc does. */
  flushBuffer(): boolean {
    this.putting = true;
    if (this.pos === 0 || this.buf === null) return true;
    const pending = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return this.sys(pending);
  }

  /** glibc's _IO_new_file_xsputn: the one way bytes enter an output stream. False on a write error. */
  put(s: Uint8Array): boolean {
    const n = s.length;
    if (n === 0) return true;
    const buf = this.ensure();
    if (this.mode === _IONBF) return this.sys(s);
    const line = this.mode === _IOLBF;
    let count = this.putting ? this.size - this.pos : 0;
    let mustFlush = false;
    if (line && this.putting && count >= n) {
      const nl = s.lastIndexOf(NL);
      if (nl >= 0) {
        count = nl + 1;
        mustFlush = true;
      }
    }
    if (count > n) count = n;
    buf.set(s.subarray(0, count), this.pos);
    this.pos += count;
    let i = count;
    if (i === n && !mustFlush) return true;
    if (!this.flushBuffer()) return false;
    // Whole blocks go straight to the descriptor.
    const todo = n - i;
    const direct = todo - (this.size >= 128 ? todo % this.size : 0);
    if (direct > 0) {
      if (!this.sys(s.subarray(i, i + direct))) return false;
      i += direct;
    }
    // The rest into the buffer (glibc's _IO_default_xsputn); a line-buffered
    // stream takes it a byte at a time, flushing at each newline.
    while (i < n) {
      if (line) {
        if (this.pos === this.size && !this.flushBuffer()) return false;
        const c = s[i++]!;
        buf[this.pos++] = c;
        if (c === NL && !this.flushBuffer()) return false;
      } else {
        if (this.pos === this.size && !this.flushBuffer()) return false;
        const k = Math.min(this.size - this.pos, n - i);
        buf.set(s.subarray(i, i + k), this.pos);
        this.pos += k;
        i += k;
      }
    }
    return true;
  }

  /**
   * glibc's underflow: refills the input buffer. Reading a terminal (a
   * line-buffered or unbuffered input) first flushes a line-buffered stdout.
   * The end-of-file flag is sticky, as in glibc 2.28+: clearerr resets it.
   */
  fill(): boolean {
    if (this.eof) return false;
    const buf = this.ensure();
    if ((this.mode === _IOLBF || this.mode === _IONBF) && stdout.mode === _IOLBF) stdout.flushBuffer();
    const r = readSome(this.fd, buf);
    if (r > 0) {
      this.pos = 0;
      this.end = r;
      return true;
    }
    if (r === 0) this.eof = true;
    else {
      this.error = true;
      seterrno(-r);
    }
    return false;
  }

  /** Switches buffering (setvbuf); pending output is written first. */
  setBuffering(mode: number, buf: Uint8Array | null, size: number): void {
    if (!this.input) this.flushBuffer();
    this.mode = mode;
    this.putting = false;
    this.pos = this.end = 0;
    if (mode === _IONBF) {
      this.size = 1;
      this.buf = null;
    } else if (buf !== null) {
      this.size = size;
      this.buf = buf.subarray(0, size);
    } else {
      this.size = 0;
      this.buf = null;
    }
  }
}
export type { FILE };

/** The standard streams: descriptors 0, 1, 2. */
export const stdin: FILE = new FILE(0, "stdin", true, null);
export const stdout: FILE = new FILE(1, "stdout", false, null);
export const stderr: FILE = new FILE(2, "stderr", false, _IONBF);

/** Flushes every output stream (fflush(NULL), exit). */
export function flushAll(): number {
  const a = stdout.flushBuffer();
  const b = stderr.flushBuffer();
  return a && b ? 0 : EOF;
}
// C flushes stdio at exit: the event loop's end, process.exit() and exit().
process.on("exit", flushAll);

function stream(fn: string, arg: string, v: unknown): FILE {
  if (!(v instanceof FILE)) throw new TypeError(`${fn}: ${arg} must be stdin, stdout or stderr, got ${describe(v)}`);
  return v;
}

/** A write to stdin or a read from stdout/stderr: EOF with EBADF and the error flag, as glibc's. */
function wrongWay(f: FILE): number {
  f.error = true;
  seterrno(native.constants.EBADF!);
  return EOF;
}

/** Formats and puts into f: C's count of bytes, or -1 (format error: EINVAL; write error: errno). */
function vfprintf(fn: string, f: FILE, fmt: unknown, args: unknown[]): number {
  const r = format(fn, fmt, args);
  if (f.input) return wrongWay(f);
  const ok = f.put(r.bytes);
  if (r.error !== 0) {
    seterrno(r.error);
    return -1;
  }
  return ok ? r.bytes.length : -1;
}

/** printf(3): formats to stdout. Returns the number of bytes, or -1. */
export function printf(format: string | Uint8Array, ...args: unknown[]): number {
  return vfprintf("printf", stdout, format, args);
}

/** fprintf(3): formats to stream (stdout or stderr). */
export function fprintf(stream_: FILE, format: string | Uint8Array, ...args: unknown[]): number {
  return vfprintf("fprintf", stream("fprintf", "stream", stream_), format, args);
}

/** dprintf(3): formats straight to a descriptor (a socket, say), in one write. */
export function dprintf(fd: number, format_: string | Uint8Array, ...args: unknown[]): number {
  if (typeof fd !== "number" || !Number.isInteger(fd)) throw new TypeError(`dprintf: fd must be an integer, got ${describe(fd)}`);
  const r = format("dprintf", format_, args);
  const e = writeAll(fd, r.bytes);
  if (e !== 0 || r.error !== 0) {
    seterrno(e !== 0 ? e : r.error);
    return -1;
  }
  return r.bytes.length;
}

/** Copies formatted bytes into str (at most size - 1 of them) and a NUL. */
function store(str: Uint8Array, size: number, b: Uint8Array): void {
  if (size === 0) return;
  const n = Math.min(b.length, size - 1);
  str.set(b.subarray(0, n));
  str[n] = 0;
}

/**
 * sprintf(3): formats into str with a NUL; returns the length without it.
 * A result that does not fit str is a RangeError (C would overflow it).
 */
export function sprintf(str: Uint8Array, format_: string | Uint8Array, ...args: unknown[]): number {
  const s = charPtr("sprintf", "str", str);
  const r = format("sprintf", format_, args);
  if (r.bytes.length + 1 > s.length) throw new RangeError(`sprintf: str holds ${s.length} bytes, the result needs ${r.bytes.length + 1} with its NUL (use snprintf)`);
  store(s, s.length, r.bytes);
  if (r.error !== 0) {
    seterrno(r.error);
    return -1;
  }
  return r.bytes.length;
}

/**
 * snprintf(3): formats into str, writing at most size bytes with the NUL;
 * returns the length the whole result has (so a return >= size means it was
 * cut). str may be null when size is 0; size may not exceed str.
 */
export function snprintf(str: Uint8Array | null, size: number, format_: string | Uint8Array, ...args: unknown[]): number {
  if (typeof size !== "number" || !Number.isInteger(size)) throw new TypeError(`snprintf: size must be an integer, got ${describe(size)}`);
  if (size < 0) throw new RangeError(`snprintf: size must not be negative: ${size}`);
  const s = str === null ? null : charPtr("snprintf", "str", str);
  if (size > (s?.length ?? 0)) throw new RangeError(`snprintf: size (${size}) is larger than the ${s?.length ?? 0} bytes of str`);
  const r = format("snprintf", format_, args);
  if (s !== null) store(s, size, r.bytes);
  if (r.error !== 0) {
    seterrno(r.error);
    return -1;
  }
  return r.bytes.length;
}

/** fputs(3): writes s (without its NUL) to stream; 1 (glibc's success value) or EOF. */
export function fputs(s: string | Uint8Array, stream_: FILE): number {
  const b = cstrBytes("fputs", "s", s);
  const f = stream("fputs", "stream", stream_);
  if (f.input) return wrongWay(f);
  return f.put(b) ? 1 : EOF;
}

/** puts(3): writes s and a newline to stdout; the count (glibc: length + 1) or EOF. */
export function puts(s: string | Uint8Array): number {
  const b = cstrBytes("puts", "s", s);
  return stdout.put(b) && stdout.put(new Uint8Array([NL])) ? b.length + 1 : EOF;
}

function charArg(fn: string, c: unknown): number {
  if (typeof c === "number" && Number.isInteger(c)) return c & 0xff;
  if (typeof c === "string" && c.length === 1 && c.charCodeAt(0) < 0x80) return c.charCodeAt(0);
  throw new TypeError(`${fn}: c must be an integer (a C char) or a one-character ASCII string, got ${describe(c)}`);
}

/** Writes the byte c to f: c, or EOF. */
function putByte(fn: string, c: unknown, stream_: unknown): number {
  const b = charArg(fn, c);
  const f = stream(fn, "stream", stream_);
  if (f.input) return wrongWay(f);
  return f.put(new Uint8Array([b])) ? b : EOF;
}

/** fputc(3): writes the byte (unsigned char)c; returns it, or EOF. */
export function fputc(c: number | string, stream_: FILE): number {
  return putByte("fputc", c, stream_);
}

/** putc(3): fputc. */
export function putc(c: number | string, stream_: FILE): number {
  return putByte("putc", c, stream_);
}

/** putchar(3): fputc(c, stdout). */
export function putchar(c: number | string): number {
  return putByte("putchar", c, stdout);
}

/** fflush(3): writes out stream's buffer; fflush(null) flushes every output stream. 0 or EOF. */
export function fflush(stream_: FILE | null): number {
  if (stream_ === null) return flushAll();
  const f = stream("fflush", "stream", stream_);
  // Input: glibc's sync seeks back over unread bytes, which a pipe or terminal cannot; nothing to do.
  if (f.input) return 0;
  return f.flushBuffer() ? 0 : EOF;
}

/** The next byte of f, or EOF. */
function getByte(fn: string, stream_: unknown): number {
  const f = stream(fn, "stream", stream_);
  if (!f.input) return wrongWay(f);
  if (f.pos >= f.end && !f.fill()) return EOF;
  return f.buf![f.pos++]!;
}

/** fgetc(3): the next byte of stream as an unsigned char, or EOF (end of file or error). Blocks like C. */
export function fgetc(stream_: FILE): number {
  return getByte("fgetc", stream_);
}

/** getc(3): fgetc. */
export function getc(stream_: FILE): number {
  return getByte("getc", stream_);
}

/** getchar(3): fgetc(stdin). */
export function getchar(): number {
  return getByte("getchar", stdin);
}

/**
 * fgets(3): reads a line (at most n - 1 bytes, through the newline) into s
 * with a NUL, blocking like C. Returns s, or null when nothing was read (end
 * of file) or a read failed during the call. n may not exceed s.
 */
export function fgets<T extends Uint8Array>(s: T, n: number, stream_: FILE): T | null {
  const b = charPtr("fgets", "s", s);
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError(`fgets: n must be an integer, got ${describe(n)}`);
  if (n > b.length) throw new RangeError(`fgets: n (${n}) is larger than the ${b.length} bytes of s`);
  const f = stream("fgets", "stream", stream_);
  if (!f.input) {
    wrongWay(f);
    return null;
  }
  if (n <= 0) return null;
  // As glibc: only an error seen in this call makes the result NULL.
  const errorBefore = f.error;
  f.error = false;
  let count = 0;
  while (count < n - 1) {
    if (f.pos >= f.end && !f.fill()) break;
    const avail = f.buf!.subarray(f.pos, f.end);
    const want = Math.min(avail.length, n - 1 - count);
    const nl = avail.subarray(0, want).indexOf(NL);
    const take = nl >= 0 ? nl + 1 : want;
    b.set(avail.subarray(0, take), count);
    f.pos += take;
    count += take;
    if (nl >= 0) break;
  }
  const failed = (count === 0 && n > 1) || f.error;
  f.error ||= errorBefore;
  if (failed) return null;
  b[count] = 0;
  return s;
}

/** feof(3): nonzero once the end of file was seen (until clearerr). */
export function feof(stream_: FILE): number {
  return stream("feof", "stream", stream_).eof ? 1 : 0;
}

/** ferror(3): nonzero once a read or write failed (until clearerr). */
export function ferror(stream_: FILE): number {
  return stream("ferror", "stream", stream_).error ? 1 : 0;
}

/** clearerr(3): clears the end-of-file and error flags. */
export function clearerr(stream_: FILE): void {
  const f = stream("clearerr", "stream", stream_);
  f.eof = false;
  f.error = false;
}

/** fileno(3): the stream's descriptor. */
export function fileno(stream_: FILE): number {
  return stream("fileno", "stream", stream_).fd;
}

/**
 * setvbuf(3): _IONBF, _IOLBF or _IOFBF. With buf, the stream buffers in buf's
 * first size bytes (as in C, buf's contents are the stream's from then on);
 * with null, glibc's own st_blksize buffer (size is then ignored, as glibc
 * does). 0, or nonzero with errno EINVAL for a bad mode.
 */
export function setvbuf(stream_: FILE, buf: Uint8Array | null, mode: number, size: number): number {
  const f = stream("setvbuf", "stream", stream_);
  if (typeof mode !== "number" || !Number.isInteger(mode)) throw new TypeError(`setvbuf: mode must be _IONBF, _IOLBF or _IOFBF, got ${describe(mode)}`);
  if (typeof size !== "number" || !Number.isInteger(size)) throw new TypeError(`setvbuf: size must be an integer, got ${describe(size)}`);
  const b = buf === null ? null : charPtr("setvbuf", "buf", buf);
  if (mode !== _IONBF && mode !== _IOLBF && mode !== _IOFBF) {
    seterrno(EINVAL);
    return EOF;
  }
  if (b !== null && mode !== _IONBF) {
    if (size <= 0) throw new RangeError(`setvbuf: size must be positive with a buffer: ${size}`);
    if (size > b.length) throw new RangeError(`setvbuf: size (${size}) is larger than the ${b.length} bytes of buf`);
  }
  f.setBuffering(mode, mode === _IONBF ? null : b, size);
  return 0;
}

/** setbuf(3): setvbuf(stream, buf, buf ? _IOFBF : _IONBF, BUFSIZ). */
export function setbuf(stream_: FILE, buf: Uint8Array | null): void {
  setvbuf(stream_, buf, buf === null ? _IONBF : _IOFBF, BUFSIZ);
}
