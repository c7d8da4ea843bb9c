// Constants by value: the one reverse lookup from a number to its C name
// (111 -> "ECONNREFUSED", 35 -> "IP_ADD_MEMBERSHIP" at IPPROTO_IP), used by
// errors (strerrorname_np, the promises rejections) and the tracer. It reads
// a constants table it is given, so the tracer can use it over the raw binding
// without importing the module that loads it.

/**
 * Where several errno names share a value, the one glibc's strerrorname_np
 * and strace print; elsewhere the shortest name wins (EAGAIN over
 * EWOULDBLOCK), which gives glibc's answer for every other errno.
 */
const ERRNO_PREFERRED = ["EAGAIN", "EOPNOTSUPP", "EDEADLK"];
/** errno names: E + letters and digits (not EAI_*, EPOLL*). */
const ERRNO_ONLY = /^(?!EPOLL)E[A-Z0-9]+$/;

export class ConstantNames {
  private readonly tables = new Map<string, Map<number, string>>();

  constructor(private readonly constants: Readonly<Record<string, number | undefined>>) {}

  /**
   * value -> name for the constants whose names start with prefix (and match
   * `only`); where several share a value, the first of `prefer` that does,
   * else the shortest name. Built once per family.
   */
  table(prefix: string, only?: RegExp, prefer: readonly string[] = []): ReadonlyMap<number, string> {
    const key = `${prefix}|${only?.source ?? ""}|${prefer.join(",")}`;
    let m = this.tables.get(key);
    if (m) return m;
    m = new Map();
    const c = this.constants;
    for (const p of prefer) if (c[p] !== undefined) m.set(c[p]!, p);
    for (const [k, v] of Object.entries(c)) {
      if (v === undefined || !k.startsWith(prefix) || (only && !only.test(k)) || prefer.includes(k)) continue;
      const had = m.get(v);
      if (had === undefined || (!prefer.includes(had) && k.length < had.length)) m.set(v, k);
    }
    this.tables.set(key, m);
    return m;
  }

  /** The name of value among the constants of a family, or undefined. */
  name(prefix: string, value: number, only?: RegExp, prefer?: readonly string[]): string | undefined {
    return this.table(prefix, only, prefer).get(value);
  }

  /** An errno value's name ("EADDRINUSE"), as strerrorname_np(3) gives it, or undefined. */
  errno(e: number): string | undefined {
    return this.name("E", e, ERRNO_ONLY, ERRNO_PREFERRED);
  }

  /** A getaddrinfo/getnameinfo code's name ("EAI_NONAME"), or undefined. */
  gai(code: number): string | undefined {
    return this.name("EAI_", code);
  }
}
