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
const NL = 0x0a;

/**
 * A stdio stream (C's FILE): stdin, stdout or stderr. Its state is glibc's:
 * the buffer, the write pointers (-1 for NULL) and the flags, so every call
 * below moves them as glibc's libio does.
 */
class FILE {
  /** glibc's _IO_LINE_BUF, _IO_UNBUFFERED and _IO_CURRENTLY_PUTTING flags. */
  line = false;
  unbuffered: boolean;
  putting = false;
  /** The buffer (null until allocated: glibc's _IO_buf_base == NULL). */
  buf: Uint8Array | null = null;
  /** Output: _IO_write_base, _IO_write_ptr, _IO_write_end as indices into buf; -1 is NULL. */
  wBase = -1;
  wPtr = -1;
  wEnd = -1;
  /** Input: the next byte to hand out, and the end of what was read. */
  rPos = 0;
  rEnd = 0;
  eof = false;
  error = false;

  constructor(
    readonly fd: number,
    readonly input: boolean,
    unbuffered: boolean,
  ) {
    this.unbuffered = unbuffered;
  }

  /**
   * glibc's _IO_doallocbuf: an unbuffered stream gets a one-byte buffer;
   * others st_blksize bytes (BUFSIZ if fstat fails), and line buffering on a
   * terminal.
   */
  private allocate(): void {
    if (this.unbuffered) {
      this.buf = new Uint8Array(1);
      return;
    }
    let size = BUFSIZ;
    try {
      const st = fstatSync(this.fd);
      if (st.blksize > 0) size = st.blksize;
      if (st.isCharacterDevice() && isatty(this.fd)) this.line = true;
    } catch {
      // A closed descriptor: the write or read will report EBADF.
    }
    this.buf = new Uint8Array(size);
  }

  /** write(2) every byte; on failure the stream's error flag and errno are set. */
  private sys(b: Uint8Array): boolean {
    const e = writeAll(this.fd, b);
    if (e === 0) return true;
    this.error = true;
    seterrno(e);
    return false;
  }

  /** glibc's new_do_write: writes data, then empties the buffer (even after a failed write). */
  private doWrite(data: Uint8Array): boolean {
    if (data.length === 0) return true;
    const ok = this.sys(data);
    this.wBase = this.wPtr = 0;
    this.wEnd = this.line || this.unbuffered ? 0 : this.buf!.length;
    return ok;
  }

  /** _IO_do_flush: writes out what is buffered. */
  flushBuffer(): boolean {
    if (this.wPtr <= this.wBase) return true;
    return this.doWrite(this.buf!.slice(this.wBase, this.wPtr));
  }

  /** glibc's _IO_new_file_overflow: sets the buffer up for writing, then flushes it (ch < 0) or adds ch. */
  private overflow(ch: number): boolean {
    if (!this.putting || this.wBase < 0) {
      if (this.wBase < 0 && this.buf === null) this.allocate();
      this.wBase = this.wPtr = 0;
      this.wEnd = this.buf!.length;
      this.putting = true;
      if (this.line || this.unbuffered) this.wEnd = this.wPtr;
    }
    if (ch < 0) return this.flushBuffer();
    if (this.wPtr === this.buf!.length && !this.flushBuffer()) return false;
    this.buf![this.wPtr++] = ch;
    if (this.unbuffered || (this.line && ch === NL)) return this.flushBuffer();
    return true;
  }

  /** glibc's _IO_putc_unlocked (putchar, fputc, puts's newline). */
  putByte(ch: number): boolean {
    if (this.wPtr < this.wEnd) {
      this.buf![this.wPtr++] = ch;
      return true;
    }
    return this.overflow(ch);
  }

  /**
   * glibc's _IO_new_file_xsputn: what fits is copied (a line-buffered stream
   * only through its last newline, then flushed); the rest flushes the
   * buffer, whole blocks go straight to write(2), and the remainder is put
   * as _IO_default_xsputn does. False on a write error.
   */
  put(s: Uint8Array): boolean {
    const n = s.length;
    if (n === 0) return true;
    let count = 0;
    let mustFlush = false;
    if (this.line && this.putting) {
      count = (this.buf?.length ?? 0) - Math.max(this.wPtr, 0);
      if (count >= n) {
        const nl = s.lastIndexOf(NL);
        if (nl >= 0) {
          count = nl + 1;
          mustFlush = true;
        }
      }
    } else if (this.wEnd > this.wPtr) count = this.wEnd - this.wPtr;
    if (count > n) count = n;
    if (count > 0) {
      this.buf!.set(s.subarray(0, count), this.wPtr);
      this.wPtr += count;
    }
    let i = count;
    if (i === n && !mustFlush) return true;
    if (!this.overflow(-1)) return false;
    const block = this.buf!.length;
    const todo = n - i;
    const direct = todo - (block >= 128 ? todo % block : 0);
    if (direct > 0) {
      if (!this.doWrite(s.subarray(i, i + direct))) return false;
      i += direct;
    }
    // _IO_default_xsputn: copy into the space left, and take a byte through overflow when there is none.
    while (i < n) {
      if (this.wPtr < this.wEnd) {
        const k = Math.min(this.wEnd - this.wPtr, n - i);
        this.buf!.set(s.subarray(i, i + k), this.wPtr);
        this.wPtr += k;
        i += k;
        if (i === n) break;
      }
      if (!this.overflow(s[i++]!)) return false;
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
    if (this.buf === null) this.allocate();
    if ((this.line || this.unbuffered) && stdout.line) stdout.overflow(-1);
    const r = readSome(this.fd, this.buf!);
    if (r > 0) {
      this.rPos = 0;
      this.rEnd = r;
      return true;
    }
    if (r === 0) this.eof = true;
    else {
      this.error = true;
      seterrno(-r);
    }
    return false;
  }

  /** glibc's _IO_setvbuf (mode already checked). */
  setvbuf(mode: number, buf: Uint8Array | null, size: number): number {
    if (mode === _IOFBF) {
      this.line = this.unbuffered = false;
      if (buf === null) {
        if (this.buf === null) {
          this.allocate();
          this.line = false;
        }
        return 0;
      }
    } else if (mode === _IOLBF) {
      this.unbuffered = false;
      this.line = true;
      if (buf === null) return 0;
    } else {
      this.line = false;
      this.unbuffered = true;
      buf = null;
    }
    // _IO_SETBUF: sync, then the new buffer (a one-byte one for _IONBF), every pointer at its start.
    if (!this.input && this.wPtr > this.wBase && !this.overflow(-1)) return EOF;
    this.buf = buf === null ? new Uint8Array(1) : buf.subarray(0, size);
    this.unbuffered = buf === null;
    this.wBase = this.wPtr = this.wEnd = 0;
    this.rPos = this.rEnd = 0;
    return 0;
  }
}
export type { FILE };

/** The standard input stream, descriptor 0 (stdin(3)): read with fgets, getchar. */
export const stdin: FILE = new FILE(0, true, false);
/** The standard output stream, descriptor 1 (stdout(3)): line-buffered on a terminal, fully buffered otherwise. */
export const stdout: FILE = new FILE(1, false, false);
/** The standard error stream, descriptor 2 (stderr(3)): unbuffered. */
export const stderr: FILE = new FILE(2, false, true);

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

/**
 * dprintf(3): formats straight to a descriptor (a socket, say), in one write
 * (more if the kernel takes part of it); a non-blocking descriptor that is
 * full gives -1 and EAGAIN, as C's.
 */
export function dprintf(fd: number, format_: string | Uint8Array, ...args: unknown[]): number {
  if (typeof fd !== "number" || !Number.isInteger(fd)) throw new TypeError(`dprintf: fd must be an integer, got ${describe(fd)}`);
  const r = format("dprintf", format_, args);
  const e = writeAll(fd, r.bytes, false);
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
  return stdout.put(b) && stdout.putByte(NL) ? b.length + 1 : EOF;
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
  return f.putByte(b) ? b : EOF;
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
  if (f.rPos >= f.rEnd && !f.fill()) return EOF;
  return f.buf![f.rPos++]!;
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
    if (f.rPos >= f.rEnd && !f.fill()) break;
    const avail = f.buf!.subarray(f.rPos, f.rEnd);
    const want = Math.min(avail.length, n - 1 - count);
    const nl = avail.subarray(0, want).indexOf(NL);
    const take = nl >= 0 ? nl + 1 : want;
    b.set(avail.subarray(0, take), count);
    f.rPos += take;
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
 * first size bytes (as in C, buf's contents are the stream's from then on).
 * With null, glibc keeps the buffer the stream has (after _IONBF that is its
 * one-byte buffer, so a later _IOLBF or _IOFBF stays effectively unbuffered)
 * or allocates st_blksize bytes; size is then ignored. 0, or EOF for a bad mode.
 */
export function setvbuf(stream_: FILE, buf: Uint8Array | null, mode: number, size: number): number {
  return vbuf("setvbuf", stream_, buf, mode, size);
}

function vbuf(fn: string, stream_: unknown, buf: unknown, mode: unknown, size: unknown): number {
  const f = stream(fn, "stream", stream_);
  if (typeof mode !== "number" || !Number.isInteger(mode)) throw new TypeError(`${fn}: mode must be _IONBF, _IOLBF or _IOFBF, got ${describe(mode)}`);
  if (typeof size !== "number" || !Number.isInteger(size)) throw new TypeError(`${fn}: size must be an integer, got ${describe(size)}`);
  const b = buf === null ? null : charPtr(fn, "buf", buf);
  // glibc answers a bad mode with EOF, leaving errno alone.
  if (mode !== _IONBF && mode !== _IOLBF && mode !== _IOFBF) return EOF;
  if (b !== null && mode !== _IONBF) {
    if (size <= 0) throw new RangeError(`${fn}: size must be positive with a buffer: ${size}`);
    if (size > b.length) throw new RangeError(`${fn}: size (${size}) is larger than the ${b.length} bytes of buf`);
  }
  return f.setvbuf(mode, b, size);
}

/** setbuf(3): setvbuf(stream, buf, buf ? _IOFBF : _IONBF, BUFSIZ). */
export function setbuf(stream_: FILE, buf: Uint8Array | null): void {
  vbuf("setbuf", stream_, buf, buf === null ? _IONBF : _IOFBF, BUFSIZ);
}
