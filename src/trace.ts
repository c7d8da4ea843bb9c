// Opt-in strace-style tracing. With BERKELEY_SOCKETS_TRACE=1, src/native.ts
// hands out a wrapped binding: every native call prints one line to stderr,
// after it returns, the way strace(1) shows a system call:
//   socket(AF_INET, SOCK_STREAM, 0) = 3
//   bind(3, {sin_family=AF_INET, sin_port=htons(40123), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
//   connect(4, {...}, 16) = -1 ECONNREFUSED (Connection refused)
// Without the variable this module is never called and the binding is the
// addon's own object, so tracing costs nothing when it is off. strerror,
// gai_strerror and hstrerror are not traced: every failure line already carries the message.
// A call that returns a pointer in C (inet_ntop, if_indextoname, gethostbyname...)
// fails as "= NULL ENAME (message)", as ltrace would show it, not "= -1".
// Arguments appear as the program passed them; the flags the shims add on
// their own (SOCK_CLOEXEC, MSG_NOSIGNAL) are not shown.
import { writeSync } from "node:fs";
import type { Lookup, Native } from "./binding.js";
import { ConstantNames } from "./names.js";

/** Argument formatters run after the call, so out-parameters show what the kernel wrote. */
type Call = { args: unknown[]; result: unknown; lens: (number | undefined)[] };
type Formatter = (c: Call) => string;

const MAX_STR = 32; // strace's default -s

/** Calls whose C function returns a pointer (char *, struct if_nameindex *): a failure traces as NULL, not -1. */
const POINTER_RESULTS = new Set(["inet_ntop", "if_indextoname", "if_nameindex"]);
/** The netdb lookups (struct hostent *, servent *, protoent *): the entry, or NULL with h_errno/errno. */
const LOOKUPS = new Set(["gethostbyname", "gethostbyname2", "gethostbyaddr", "getservbyname", "getservbyport", "getprotobyname", "getprotobynumber"]);

/** The wrapped binding: same functions, each printing its trace line. */
export function traced(binding: Native): Native {
  const t = new Tracer(binding);
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(binding)) {
    const value = (binding as unknown as Record<string, unknown>)[key];
    const quiet = key === "strerror" || key === "gai_strerror" || key === "hstrerror";
    wrapped[key] = typeof value === "function" && !quiet ? t.wrap(key, value as (...a: unknown[]) => unknown) : value;
  }
  return wrapped as unknown as Native;
}

class Tracer {
  private readonly c: Readonly<Record<string, number>>;
  private readonly le: boolean;
  private readonly names: ConstantNames;
  private readonly formats: Record<string, Formatter>;

  constructor(private readonly raw: Native) {
    this.c = raw.constants;
    this.names = new ConstantNames(raw.constants);
    this.le = raw.platform.little_endian;
    const fd = (c: Call, i: number): string => this.generic(c.args[i]);
    const n = fd;
    const addr = (c: Call, i: number, lenArg: number | "box"): string =>
      this.sockaddr(c.args[i], lenArg === "box" ? this.boxValue(c.args[i + 1]) : (c.args[lenArg] as number));
    this.formats = {
      socket: (c) => `${this.domain(c.args[0])}, ${this.socktype(c.args[1])}, ${this.protocol(c.args[2])}`,
      socketpair: (c) => `${this.domain(c.args[0])}, ${this.socktype(c.args[1])}, ${this.protocol(c.args[2])}, ${this.intArray(c.args[3], c.result === 0 ? 2 : 0)}`,
      bind: (c) => `${fd(c, 0)}, ${addr(c, 1, 2)}, ${n(c, 2)}`,
      connect: (c) => `${fd(c, 0)}, ${addr(c, 1, 2)}, ${n(c, 2)}`,
      listen: (c) => `${fd(c, 0)}, ${n(c, 1)}`,
      accept: (c) => `${fd(c, 0)}, ${this.outAddr(c, 1)}, ${this.box(c, 2)}`,
      accept4: (c) => `${fd(c, 0)}, ${this.outAddr(c, 1)}, ${this.box(c, 2)}, ${this.flags("SOCK_", c.args[3], /^SOCK_(NONBLOCK|CLOEXEC)$/)}`,
      shutdown: (c) => `${fd(c, 0)}, ${this.name("SHUT_", c.args[1])}`,
      close: (c) => fd(c, 0),
      getsockname: (c) => `${fd(c, 0)}, ${this.outAddr(c, 1)}, ${this.box(c, 2)}`,
      getpeername: (c) => `${fd(c, 0)}, ${this.outAddr(c, 1)}, ${this.box(c, 2)}`,
      fcntl: (c) => this.fcntl(c),
      ioctl_int: (c) => `${fd(c, 0)}, ${this.ioctlName(c.args[1])}, ${this.intArray(c.args[2], c.result === 0 ? 1 : 0)}`,
      read: (c) => `${fd(c, 0)}, ${this.outBuf(c, 1)}, ${n(c, 2)}`,
      write: (c) => `${fd(c, 0)}, ${this.bytes(c.args[1], c.args[2] as number)}, ${n(c, 2)}`,
      recv: (c) => `${fd(c, 0)}, ${this.outBuf(c, 1)}, ${n(c, 2)}, ${this.msgFlags(c.args[3])}`,
      send: (c) => `${fd(c, 0)}, ${this.bytes(c.args[1], c.args[2] as number)}, ${n(c, 2)}, ${this.msgFlags(c.args[3])}`,
      sendto: (c) => `${fd(c, 0)}, ${this.bytes(c.args[1], c.args[2] as number)}, ${n(c, 2)}, ${this.msgFlags(c.args[3])}, ${addr(c, 4, 5)}, ${n(c, 5)}`,
      recvfrom: (c) => `${fd(c, 0)}, ${this.outBuf(c, 1)}, ${n(c, 2)}, ${this.msgFlags(c.args[3])}, ${this.outAddr(c, 4)}, ${this.box(c, 5)}`,
      setsockopt: (c) => `${fd(c, 0)}, ${this.level(c.args[1])}, ${this.optname(c.args[1], c.args[2])}, ${this.optval(c.args[1], c.args[2], c.args[3], c.args[4] as number)}, ${n(c, 4)}`,
      getsockopt: (c) =>
        `${fd(c, 0)}, ${this.level(c.args[1])}, ${this.optname(c.args[1], c.args[2])}, ${c.result === 0 ? this.optval(c.args[1], c.args[2], c.args[3], this.boxValue(c.args[4])) : this.pointer(c.args[3])}, ${this.box(c, 4)}`,
      getaddrinfo: (c) => `${this.str(c.args[0])}, ${this.str(c.args[1])}, ${this.hints(c.args[2])}`,
      getnameinfo: (c) => {
        const ok = Array.isArray(c.result) && c.result[0] === 0;
        return `${addr(c, 0, 1)}, ${n(c, 1)}, ${ok ? this.cstr(c.args[2]) : this.pointer(c.args[2])}, ${n(c, 3)}, ${ok ? this.cstr(c.args[4]) : this.pointer(c.args[4])}, ${n(c, 5)}, ${this.flags("NI_", c.args[6], /^NI_(?!MAX)/)}`;
      },
      gethostname: (c) => `${c.result === 0 ? this.cstr(c.args[0]) : this.pointer(c.args[0])}, ${n(c, 1)}`,
      inet_pton: (c) => `${this.domain(c.args[0])}, ${this.str(c.args[1])}, ${c.result === 1 ? this.hex(c.args[2], c.args[0] === this.c.AF_INET ? 4 : 16) : this.pointer(c.args[2])}`,
      inet_ntop: (c) => `${this.domain(c.args[0])}, ${this.hex(c.args[1], c.args[0] === this.c.AF_INET ? 4 : 16)}, ${n(c, 2)}`,
      inet_aton: (c) => `${this.str(c.args[0])}, ${c.result === 1 ? this.hex(c.args[1], 4) : this.pointer(c.args[1])}`,
      inet_ntoa: (c) => this.hex32(c.args[0]),
    };
  }

  wrap(name: string, fn: (...a: unknown[]) => unknown): unknown {
    // A Proxy keeps everything but the call itself as it was (new, properties).
    return new Proxy(fn, {
      apply: (target, self, args: unknown[]) => {
        const lens = args.map((a) => this.boxValue(a));
        let result: unknown;
        try {
          result = Reflect.apply(target, self, args);
        } catch (err) {
          this.emit(`${name}(${this.args(name, { args, result: undefined, lens })}) = ? <${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}>`);
          throw err;
        }
        if (result instanceof Promise) {
          // An asynchronous shim: its line is printed when it settles.
          return result.then(
            (v: unknown) => (this.emit(`${name}(${this.args(name, { args, result: v, lens })}) = ${this.result(name, v)}`), v),
            (e: unknown) => (this.emit(`${name}(${this.args(name, { args, result: undefined, lens })}) = ? <${String(e)}>`), Promise.reject(e)),
          );
        }
        this.emit(`${name}(${this.args(name, { args, result, lens })}) = ${this.result(name, result)}`);
        return result;
      },
    });
  }

  private emit(line: string): void {
    const text = Buffer.from(line + "\n");
    for (let off = 0, tries = 0; off < text.length && tries < 1000; ) {
      try {
        off += writeSync(2, text, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") return; // stderr gone: tracing is best effort
        tries++;
      }
    }
  }

  private args(name: string, c: Call): string {
    const f = this.formats[name];
    try {
      return f ? f(c) : c.args.map((a) => this.generic(a)).join(", ");
    } catch {
      return c.args.map((a) => this.generic(a)).join(", ");
    }
  }

  // ---- results ------------------------------------------------------------

  private result(name: string, r: unknown): string {
    if (typeof r === "number") {
      if (r < 0 && POINTER_RESULTS.has(name)) return `NULL ${this.errnoText(-r)}`;
      if (r < 0 && name !== "gai_strerror") return this.failure(-r);
      if (name === "inet_addr") return this.hex32(r);
      return String(r);
    }
    if (LOOKUPS.has(name) && Array.isArray(r)) return this.lookup(r as Lookup<unknown>);
    if (name === "getaddrinfo" && r !== null && typeof r === "object" && "code" in r) return this.addrinfoResult(r as ReturnType<Native["getaddrinfo"]>);
    if (name === "getnameinfo" && Array.isArray(r)) return this.gaiCode(r[0] as number, r[1] as number);
    if (typeof r === "string") return JSON.stringify(r);
    return this.generic(r);
  }

  private failure(e: number): string {
    return `-1 ${this.errnoText(e)}`;
  }

  /** ENAME (message), as strace prints an errno. */
  private errnoText(e: number): string {
    return `${this.errnoName(e)} (${this.raw.strerror(e)})`;
  }

  /**
   * A netdb lookup returns a pointer in C: its entry, or NULL with the
   * h_errno and errno it left (h_errno=HOST_NOT_FOUND (Unknown host)).
   */
  private lookup([entry, herr, err]: Lookup<unknown>): string {
    if (entry !== null) return this.generic(entry);
    let s = "NULL";
    if (herr !== null) s += ` h_errno=${this.name("", herr, /^(HOST_NOT_FOUND|TRY_AGAIN|NO_RECOVERY|NO_DATA|NETDB_INTERNAL)$/)} (${this.raw.hstrerror(herr)})`;
    if (err !== null && err !== 0) s += ` errno=${this.errnoText(err)}`;
    return s;
  }

  private gaiCode(code: number, e: number): string {
    if (code === 0) return "0";
    if (code === this.c.EAI_SYSTEM) return `${code} EAI_SYSTEM, errno ${this.errnoName(e)} (${this.raw.strerror(e)})`;
    return `${code} ${this.name("EAI_", code)} (${this.raw.gai_strerror(code)})`;
  }

  private addrinfoResult(r: ReturnType<Native["getaddrinfo"]>): string {
    if (r.code !== 0) return this.gaiCode(r.code, r.errno);
    const nodes = r.list.map(
      (n) => `{ai_family=${this.domain(n.ai_family)}, ai_socktype=${this.socktype(n.ai_socktype)}, ai_protocol=${this.protocol(n.ai_protocol)}, ai_addr=${this.sockaddr(n.ai_addr, n.ai_addrlen)}}`,
    );
    return `0 => [${nodes.join(", ")}]`;
  }

  // ---- constants by name --------------------------------------------------

  private name(prefix: string, v: unknown, only?: RegExp, prefer?: string[]): string {
    if (typeof v !== "number") return this.generic(v);
    return this.names.table(prefix, only, prefer).get(v) ?? String(v);
  }

  /** A bit mask as NAME|NAME|0x..; 0 stays 0. */
  private flags(prefix: string, v: unknown, only?: RegExp): string {
    if (typeof v !== "number") return this.generic(v);
    if (v === 0) return "0";
    const parts: string[] = [];
    let rest = v >>> 0;
    const bits = [...this.names.table(prefix, only)].filter(([b]) => b > 0 && (b & (b - 1)) === 0).sort((a, b) => a[0] - b[0]);
    for (const [bit, nm] of bits) {
      if ((rest & bit) >>> 0 === bit) {
        parts.push(nm);
        rest = (rest & ~bit) >>> 0;
      }
    }
    if (rest) parts.push(`0x${rest.toString(16)}`);
    return parts.join("|");
  }

  private errnoName(e: number): string {
    return this.names.errno(e) ?? `E${e}`;
  }

  private domain(v: unknown): string {
    return this.name("AF_", v, undefined, ["AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_INET6"]);
  }

  private socktype(v: unknown): string {
    if (typeof v !== "number") return this.generic(v);
    const base = v & 0xf;
    const flags = v & ~0xf;
    const name = this.name("SOCK_", base, /^SOCK_(STREAM|DGRAM|RAW|RDM|SEQPACKET|DCCP|PACKET)$/);
    return flags ? `${name}|${this.flags("SOCK_", flags, /^SOCK_(NONBLOCK|CLOEXEC)$/)}` : name;
  }

  private protocol(v: unknown): string {
    return v === 0 ? "0" : this.name("IPPROTO_", v);
  }

  private level(v: unknown): string {
    if (v === this.c.SOL_SOCKET) return "SOL_SOCKET";
    return this.name("IPPROTO_", v, undefined, ["IPPROTO_IP", "IPPROTO_IPV6", "IPPROTO_TCP", "IPPROTO_UDP"]);
  }

  /** Option names of a level, leaving out the constants that are option values rather than names. */
  private optname(level: unknown, v: unknown): string {
    const c = this.c;
    if (level === c.SOL_SOCKET) return this.name("SO_", v, /^SO_(?!.*_(OLD|NEW)$)/);
    if (level === c.IPPROTO_IP) return this.name("IP_", v, /^IP_(?!PMTUDISC|MAX_MEMBERSHIPS|DEFAULT_)/);
    if (level === c.IPPROTO_IPV6) return this.name("IPV6_", v, /^IPV6_(?!FL_|PMTUDISC_|PREFER_SRC_|PRIORITY_|TLV_|RTHDR_|FLOWINFO_|2292)/);
    if (level === c.IPPROTO_TCP) return this.name("TCP_", v, /^TCP_(?!MAXWIN|MAX_WINSHIFT|MSS$|REPAIR_O|MD5SIG_|CA_)/);
    if (level === c.IPPROTO_UDP) return this.name("UDP_", v, /^UDP_(?!ENCAP_)/);
    return String(v);
  }

  private msgFlags(v: unknown): string {
    return this.flags("MSG_", v, /^MSG_(?!TRYHARD)/);
  }

  private ioctlName(v: unknown): string {
    return this.name("", v, /^(FIO[A-Z]+|SIOC[A-Z]+)$/, ["FIONREAD", "FIONBIO"]);
  }

  private fcntl(c: Call): string {
    const cmd = c.args[1];
    const name = this.name("F_", cmd, /^F_(DUPFD|DUPFD_CLOEXEC|GETFD|SETFD|GETFL|SETFL|GETOWN|SETOWN|GETSIG|SETSIG|GETPIPE_SZ|SETPIPE_SZ|GETLEASE|SETLEASE|NOTIFY|GET_SEALS|ADD_SEALS)$/);
    let arg: string;
    if (cmd === this.c.F_SETFL) arg = this.oflags(c.args[2]);
    else if (cmd === this.c.F_SETFD) arg = this.flags("FD_", c.args[2], /^FD_CLOEXEC$/);
    else if (cmd === this.c.F_GETFL || cmd === this.c.F_GETFD) return `${this.generic(c.args[0])}, ${name}`;
    else arg = this.generic(c.args[2]);
    return `${this.generic(c.args[0])}, ${name}, ${arg}`;
  }

  private oflags(v: unknown): string {
    if (typeof v !== "number") return this.generic(v);
    const mode = v & 3;
    const modeName = this.name("O_", mode, /^O_(RDONLY|WRONLY|RDWR)$/);
    const rest = v & ~3;
    return rest ? `${modeName}|${this.flags("O_", rest, /^O_(?!RDONLY|WRONLY|RDWR)/)}` : modeName;
  }

  // ---- memory -------------------------------------------------------------

  private u8(v: unknown): Uint8Array | null {
    return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : null;
  }

  /** A socklen_t box's value (a Uint32Array(1)), or undefined for anything else. */
  private boxValue(v: unknown): number | undefined {
    return v instanceof Uint32Array && v.length === 1 ? v[0] : undefined;
  }

  /** strace's [in => out] for a value-result length. */
  private box(c: Call, i: number): string {
    const before = c.lens[i];
    const after = this.boxValue(c.args[i]);
    if (after === undefined) return this.generic(c.args[i]);
    return before === undefined || before === after || (typeof c.result === "number" && c.result < 0) ? `[${before ?? after}]` : `[${before} => ${after}]`;
  }

  private pointer(v: unknown): string {
    return v === null || v === undefined ? "NULL" : ArrayBuffer.isView(v) ? `<${v.byteLength} bytes>` : this.generic(v);
  }

  /** An address the kernel filled in (accept, getsockname, recvfrom). */
  private outAddr(c: Call, i: number): string {
    if (typeof c.result === "number" && c.result < 0) return this.pointer(c.args[i]);
    return this.sockaddr(c.args[i], this.boxValue(c.args[i + 1]));
  }

  /** A buffer the kernel filled in: the bytes it wrote, as strace shows a read. */
  private outBuf(c: Call, i: number): string {
    const r = c.result;
    if (typeof r !== "number" || r < 0) return this.pointer(c.args[i]);
    return this.bytes(c.args[i], r);
  }

  /** Bytes as a C string literal, cut at MAX_STR like strace -s 32. */
  private bytes(v: unknown, n: number): string {
    const b = this.u8(v);
    if (b === null) return typeof v === "string" ? this.str(v) : this.pointer(v);
    const len = Math.min(n, b.length);
    let s = '"';
    for (let i = 0; i < Math.min(len, MAX_STR); i++) s += escape(b[i]!, b[i + 1]);
    return s + (len > MAX_STR ? '"...' : '"');
  }

  /** A NUL-terminated string the call wrote into a buffer. */
  private cstr(v: unknown): string {
    const b = this.u8(v);
    if (b === null) return this.pointer(v);
    const end = b.indexOf(0);
    return this.bytes(b, end < 0 ? b.length : end);
  }

  private str(v: unknown): string {
    if (v === null || v === undefined) return "NULL";
    if (typeof v !== "string") return this.generic(v);
    return this.bytes(Buffer.from(v, "utf8"), Infinity);
  }

  private hex(v: unknown, n: number): string {
    const b = this.u8(v);
    if (b === null) return this.pointer(v);
    return `[${Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, "0")).join(" ")}]`;
  }

  private hex32(v: unknown): string {
    return typeof v === "number" ? `0x${(v >>> 0).toString(16).padStart(8, "0")}` : this.generic(v);
  }

  private intArray(v: unknown, n: number): string {
    if (!(v instanceof Int32Array)) return this.pointer(v);
    return n === 0 ? this.pointer(v) : `[${Array.from(v.subarray(0, n)).join(", ")}]`;
  }

  private field(struct: string, name: string): readonly [number, number] | undefined {
    return this.raw.layout[struct]?.fields[name];
  }

  private u16(b: Uint8Array, off: number, le: boolean): number {
    return le ? b[off]! | (b[off + 1]! << 8) : (b[off]! << 8) | b[off + 1]!;
  }

  private u32(b: Uint8Array, off: number, le: boolean): number {
    const x = le ? b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24) : (b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
    return x >>> 0;
  }

  private ntop(af: number, b: Uint8Array): string {
    const r = this.raw.inet_ntop(af, b, 46);
    return typeof r === "string" ? r : "?";
  }

  /** A sockaddr decoded by family, as strace prints it. */
  private sockaddr(v: unknown, len: number | undefined): string {
    const all = this.u8(v);
    if (all === null) return this.pointer(v);
    const b = all.subarray(0, Math.min(len ?? all.length, all.length));
    const fam = this.field("sockaddr", "sa_family");
    if (!fam || b.length < fam[0] + fam[1]) return b.length === 0 ? "{}" : this.hex(b, b.length);
    const family = this.u16(b, fam[0], this.le);
    const c = this.c;
    const has = (s: string, f: string): readonly [number, number] | undefined => {
      const x = this.field(s, f);
      return x && b.length >= x[0] + x[1] ? x : undefined;
    };
    if (family === c.AF_INET) {
      const port = has("sockaddr_in", "sin_port");
      const a = has("sockaddr_in", "sin_addr");
      if (port && a) {
        const ip = this.ntop(family, b.subarray(a[0], a[0] + 4));
        return `{sin_family=AF_INET, sin_port=htons(${this.u16(b, port[0], false)}), sin_addr=inet_addr("${ip}")}`;
      }
    } else if (family === c.AF_INET6) {
      const port = has("sockaddr_in6", "sin6_port");
      const flow = has("sockaddr_in6", "sin6_flowinfo");
      const a = has("sockaddr_in6", "sin6_addr");
      const scope = has("sockaddr_in6", "sin6_scope_id");
      if (port && flow && a) {
        const ip = this.ntop(family, b.subarray(a[0], a[0] + 16));
        const sc = scope ? `, sin6_scope_id=${this.u32(b, scope[0], this.le)}` : "";
        return `{sin6_family=AF_INET6, sin6_port=htons(${this.u16(b, port[0], false)}), sin6_flowinfo=htonl(${this.u32(b, flow[0], false)}), inet_pton(AF_INET6, "${ip}", &sin6_addr)${sc}}`;
      }
    } else if (family === c.AF_UNIX) {
      const p = this.field("sockaddr_un", "sun_path");
      if (p) {
        const path = b.subarray(p[0]);
        if (path.length === 0) return "{sun_family=AF_UNIX}";
        if (path[0] === 0) return `{sun_family=AF_UNIX, sun_path=@${this.bytes(path.subarray(1), path.length - 1)}}`;
        const end = path.indexOf(0);
        return `{sun_family=AF_UNIX, sun_path=${this.bytes(path, end < 0 ? path.length : end)}}`;
      }
    }
    const data = b.subarray(fam[0] + fam[1]);
    return `{sa_family=${this.domain(family)}, sa_data=${this.bytes(data, data.length)}}`;
  }

  /** addrinfo hints: its int fields (the pointer fields stay NULL in hints). */
  private hints(v: unknown): string {
    const b = this.u8(v);
    if (b === null) return this.pointer(v);
    const int = (f: string): number => {
      const x = this.field("addrinfo", f);
      return x ? new DataView(b.buffer, b.byteOffset).getInt32(x[0], this.le) : 0;
    };
    return `{ai_flags=${this.flags("AI_", int("ai_flags"))}, ai_family=${this.domain(int("ai_family"))}, ai_socktype=${int("ai_socktype") === 0 ? "0" : this.socktype(int("ai_socktype"))}, ai_protocol=${this.protocol(int("ai_protocol"))}}`;
  }

  /** An option value by its option: ints as [n], timeval and linger by field, else bytes. */
  private optval(level: unknown, name: unknown, v: unknown, len: number | undefined): string {
    const b = this.u8(v);
    if (b === null) return this.pointer(v);
    const n = Math.min(len ?? b.length, b.length);
    const c = this.c;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const size = (s: string): number | undefined => this.raw.layout[s]?.size;
    const int = (s: string, f: string): number => {
      const x = this.field(s, f)!;
      return x[1] === 8 ? Number(dv.getBigInt64(x[0], this.le)) : dv.getInt32(x[0], this.le);
    };
    if (level === c.SOL_SOCKET && (name === c.SO_RCVTIMEO || name === c.SO_SNDTIMEO) && n === size("timeval")) {
      return `{tv_sec=${int("timeval", "tv_sec")}, tv_usec=${int("timeval", "tv_usec")}}`;
    }
    if (level === c.SOL_SOCKET && name === c.SO_LINGER && n === size("linger")) {
      return `{l_onoff=${int("linger", "l_onoff")}, l_linger=${int("linger", "l_linger")}}`;
    }
    if (level === c.IPPROTO_IP && (name === c.IP_ADD_MEMBERSHIP || name === c.IP_DROP_MEMBERSHIP) && n === size("ip_mreq")) {
      const m = this.field("ip_mreq", "imr_multiaddr")!;
      const i = this.field("ip_mreq", "imr_interface")!;
      return `{imr_multiaddr=inet_addr("${this.ntop(c.AF_INET!, b.subarray(m[0], m[0] + 4))}"), imr_interface=inet_addr("${this.ntop(c.AF_INET!, b.subarray(i[0], i[0] + 4))}")}`;
    }
    if (n === 4) return `[${dv.getInt32(0, this.le)}]`;
    return this.bytes(b, n);
  }

  /** Anything else, shortly. */
  private generic(v: unknown): string {
    if (v === null || v === undefined) return "NULL";
    if (typeof v === "string") return this.str(v);
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
    if (typeof v === "function") return v.name ? `<function ${v.name}>` : "<function>";
    if (ArrayBuffer.isView(v)) return this.bytes(v, v.byteLength);
    if (v instanceof ArrayBuffer) return this.bytes(new Uint8Array(v), v.byteLength);
    if (Array.isArray(v)) return `[${v.slice(0, 8).map((x) => this.generic(x)).join(", ")}${v.length > 8 ? ", ..." : ""}]`;
    const entries = Object.entries(v as object).slice(0, 8);
    return `{${entries.map(([k, x]) => `${k}=${typeof x === "object" && x !== null && !ArrayBuffer.isView(x) ? "{...}" : this.generic(x)}`).join(", ")}}`;
  }
}

/** One byte of a C string literal, escaped as strace does. */
function escape(x: number, next: number | undefined): string {
  switch (x) {
    case 0x22: return '\\"';
    case 0x5c: return "\\\\";
    case 0x0a: return "\\n";
    case 0x0d: return "\\r";
    case 0x09: return "\\t";
    case 0x0c: return "\\f";
    case 0x0b: return "\\v";
  }
  if (x >= 0x20 && x < 0x7f) return String.fromCharCode(x);
  // Octal, padded when a digit follows so the escape cannot swallow it.
  const digitNext = next !== undefined && next >= 0x30 && next <= 0x37;
  return "\\" + (digitNext ? x.toString(8).padStart(3, "0") : x.toString(8));
}
