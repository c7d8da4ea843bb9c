// How an unexpected argument is named in error messages.
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object" || typeof v === "function") {
    const name = (v as { constructor?: { name?: string } }).constructor?.name;
    return name ? `an instance of ${name}` : typeof v;
  }
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}
