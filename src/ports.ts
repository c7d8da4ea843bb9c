// Ephemeral ports: the IP_LOCAL_PORT_RANGE value the C headers leave to the
// caller to pack, and readers for the kernel's port sysctls (ip(7)).
import { readFileSync } from "node:fs";
import { wrongArg } from "./describe.js";
import { seterrno } from "./errno.js";

function port(v: unknown, fn: string, arg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(wrongArg(fn, arg, "an integer", v));
  if (v < 0 || v > 0xffff) throw new RangeError(`${fn}: ${arg} must be a port number (0..65535), got ${v}`);
  return v;
}

/**
 * The IP_LOCAL_PORT_RANGE option value (Linux 6.3+, ip(7)): a uint32_t with
 * the lower bound in its low 16 bits and the upper bound in its high 16 bits
 * (0 means "the system's bound"). C writes `lower | upper << 16`; the result
 * here is that uint32_t, which can exceed a C int, so pass it in a
 * Uint32Array as C passes &range:
 *
 * ```ts
 * const range = new Uint32Array([IP_LOCAL_PORT_RANGE_VALUE(40000, 40099)]);
 * setsockopt(fd, IPPROTO_IP, IP_LOCAL_PORT_RANGE, range, sizeof(range));
 * ```
 *
 * Ports outside 0..65535 are a RangeError.
 */
export function IP_LOCAL_PORT_RANGE_VALUE(lower: number, upper: number): number {
  return (port(lower, "IP_LOCAL_PORT_RANGE_VALUE", "lower") | (port(upper, "IP_LOCAL_PORT_RANGE_VALUE", "upper") << 16)) >>> 0;
}

/** The bounds packed in an IP_LOCAL_PORT_RANGE value (as getsockopt returns it): C code unpacks them by hand. */
export function IP_LOCAL_PORT_RANGE_BOUNDS(value: number): { lower: number; upper: number } {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError(wrongArg("IP_LOCAL_PORT_RANGE_BOUNDS", "value", "an integer", value));
  if (value < -0x80000000 || value > 0xffffffff) throw new RangeError(`IP_LOCAL_PORT_RANGE_BOUNDS: value is not a 32-bit value: ${value}`);
  const v = value >>> 0;
  return { lower: v & 0xffff, upper: v >>> 16 };
}

const SYSCTL = "/proc/sys/net/ipv4/";

/** A sysctl file's text exactly as the kernel wrote it, or null with errno set. */
function sysctl(name: string): string | null {
  try {
    return readFileSync(SYSCTL + name, "latin1");
  } catch (err) {
    const e = (err as NodeJS.ErrnoException).errno;
    seterrno(typeof e === "number" ? -e : 0);
    return null;
  }
}

/**
 * /proc/sys/net/ipv4/ip_local_port_range of this process's network namespace,
 * the range ephemeral ports come from (ip(7)): `text` is the file exactly
 * (e.g. "32768\t60999\n"), `low` and `high` its two numbers. null, with errno
 * set, when the file cannot be read.
 *
 * Errors: ENOENT, EACCES.
 */
export function read_ip_local_port_range(): { text: string; low: number; high: number } | null {
  const text = sysctl("ip_local_port_range");
  if (text === null) return null;
  const [low, high] = text.trim().split(/\s+/).map(Number);
  return { text, low: low!, high: high! };
}

/**
 * /proc/sys/net/ipv4/ip_local_reserved_ports, the ports never handed out as
 * ephemeral (ip(7)): `text` exactly (e.g. "8080,9000-9010\n", or "\n" when
 * none), `ranges` as [first, last] pairs. null, with errno set, when the
 * file cannot be read.
 *
 * Errors: ENOENT, EACCES.
 */
export function read_ip_local_reserved_ports(): { text: string; ranges: [first: number, last: number][] } | null {
  const text = sysctl("ip_local_reserved_ports");
  if (text === null) return null;
  const ranges = text
    .trim()
    .split(",")
    .filter((r) => r !== "")
    .map((r): [number, number] => {
      const [a, b] = r.split("-").map(Number);
      return [a!, b ?? a!];
    });
  return { text, ranges };
}

/**
 * /proc/sys/net/ipv4/ip_unprivileged_port_start (Linux 4.11+), the first
 * port a process may bind without CAP_NET_BIND_SERVICE (capabilities(7)): `text` exactly,
 * `value` its number. null, with errno set, when the file cannot be read.
 *
 * Errors: ENOENT (an older kernel), EACCES.
 */
export function read_ip_unprivileged_port_start(): { text: string; value: number } | null {
  const text = sysctl("ip_unprivileged_port_start");
  if (text === null) return null;
  return { text, value: Number(text.trim()) };
}
