// How an unexpected argument is named in error messages.
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "object" || typeof v === "function") {
    const name = (v as { constructor?: { name?: string } }).constructor?.name;
    return name ? `an instance of ${name}` : typeof v;
  }
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * The TypeError message for argument `arg` of `fn` that is not `want`:
 * "bind: addr must be a struct, got string \"x\"", or, for undefined (an
 * argument left out), "socket: type is missing (must be an integer)".
 */
export function wrongArg(fn: string, arg: string, want: string, v: unknown): string {
  return v === undefined ? `${fn}: ${arg} is missing (must be ${want})` : `${fn}: ${arg} must be ${want}, got ${describe(v)}`;
}
