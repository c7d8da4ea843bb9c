// npm run docs:api: the API reference in docs/api/, one Markdown file per
// public entry point of package.json's "exports", from the doc comments.
//
//   npm run docs:api               regenerate docs/api/
//   npm run docs:api -- --check    compare only; exit 1 if stale or a rule is broken
//
// It reads the declarations the package ships: tsc (the project's own
// TypeScript 7) emits the .d.ts files into a temporary directory, and
// @babel/parser reads them with their comments. So the reference shows the
// types exactly as a user's editor sees them (a constant a platform may lack
// is `number | undefined` because the compiler says so), and nothing needs
// the TypeScript compiler API, which TypeScript 7 no longer has. typedoc was
// the alternative: it needs TypeScript 5.0-6.0 as a peer, which npm refuses
// beside typescript 7 (ERESOLVE), so it would run from a nested package with
// a second compiler re-checking src/; and its Markdown for this API is one
// 13,000-line page with a heading per constant and a "Defined in file:line"
// under each entry, stale after any edit above it.
//
// The same model drives lint(): the rules test/apidoc.test.ts enforces (every
// export documented, every function naming its man page, every system call
// listing its errors).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@babel/parser";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = join(root, "docs", "api");
const PACKAGE = "berkeley-sockets";

/**
 * Exported functions that no man page describes; each still needs a doc
 * comment. A name here that no entry point exports is itself an error, so the
 * list cannot go stale.
 */
export const NO_MAN_PAGE: Readonly<Record<string, string>> = {
  cast: "C's pointer cast, (struct sockaddr *)&ss: an operator, not a function",
  sizeof: "C's sizeof operator",
  cstr_to_string: "reads a C string as a JavaScript string: C uses the char * itself",
  IN_MULTICAST: "a glibc <netinet/in.h> macro outside POSIX, documented in no man page",
  IN_LOOPBACK: "a glibc <netinet/in.h> macro outside POSIX, documented in no man page",
  IN_EXPERIMENTAL: "a glibc <netinet/in.h> macro outside POSIX, documented in no man page",
  IP_LOCAL_PORT_RANGE_BOUNDS: "unpacks an option value that C code unpacks by hand",
  labUnavailable: "the lab (berkeley-sockets/lab) is a test bench with no C counterpart",
  hasSmcroute: "the lab (berkeley-sockets/lab) is a test bench with no C counterpart",
  sweep: "the lab (berkeley-sockets/lab) is a test bench with no C counterpart",
  flatLab: "the lab (berkeley-sockets/lab) is a test bench with no C counterpart",
};

/** A man page reference: bind(2), cmsg(3), ip(7), netinet_in.h(0p). */
const MAN_PAGE = /\b[A-Za-z_][\w.-]*\([0-8][a-z]{0,2}\)/g;

// ---- the model -------------------------------------------------------------

export type Kind = "function" | "class" | "interface" | "type" | "variable" | "constant";

export interface Member {
  name: string;
  /** The declaration as the .d.ts has it, comments removed. */
  code: string;
  doc: string | null;
  kind: "field" | "method" | "accessor" | "constructor";
}

export interface Decl {
  name: string;
  kind: Kind;
  /** The declaring .d.ts, relative to the declarations' root, without extension ("socket"). */
  module: string;
  /** Position in the declaring file, for source order within a module. */
  pos: number;
  doc: string | null;
  code: string;
  members: Member[];
  /** For constants and variables: the declared type. */
  type?: string;
  /** Exported with `export type { }`: a class or value exported as a type only, absent at run time. */
  typeOnly?: boolean;
}

export interface EntryPoint {
  /** The import specifier: berkeley-sockets, berkeley-sockets/promises, ... */
  specifier: string;
  /** The Markdown file in docs/api/. */
  file: string;
  /** The entry module's @packageDocumentation comment. */
  doc: string | null;
  decls: Decl[];
}

/** The public entry points of package.json's "exports", with the .d.ts each names (relative to dist/). */
export function entryPoints(pkgFile = join(root, "package.json")): { specifier: string; dts: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { exports: Record<string, string | { types?: string }> };
  const list: { specifier: string; dts: string; file: string }[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target !== "object" || target.types === undefined) continue;
    const sub = key === "." ? "" : key.slice(2);
    list.push({
      specifier: sub === "" ? PACKAGE : `${PACKAGE}/${sub}`,
      dts: relative("dist", target.types),
      file: `${sub === "" ? PACKAGE : sub.replaceAll("/", "-")}.md`,
    });
  }
  return list;
}

/** tsc --emitDeclarationOnly into a new temporary directory; the caller removes it. */
export function emitDeclarations(): string {
  const dir = mkdtempSync(join(tmpdir(), "apidoc-"));
  const tsc = join(root, "node_modules", ".bin", "tsc");
  const r = spawnSync(tsc, ["-p", join(root, "tsconfig.json"), "--emitDeclarationOnly", "--declaration", "--outDir", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`tsc failed:\n${r.stdout}${r.stderr}`);
  }
  return dir;
}

type Node = { type: string; start: number; end: number; leadingComments?: Comment[] | null; [k: string]: unknown };
type Comment = { type: string; value: string; start: number; end: number };

interface Parsed {
  text: string;
  comments: Comment[];
  body: Node[];
}

/** The text of a /** comment with its stars and indentation removed, or null for other comments. */
function docText(c: Comment): string | null {
  if (c.type !== "CommentBlock" || !c.value.startsWith("*")) return null;
  const lines = c.value
    .slice(1)
    .split("\n")
    .map((l) => l.replace(/^\s*(\* ?)?/, "").replace(/\s+$/, ""));
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return lines.join("\n");
}

/** The doc comment directly before a node (the last /** of its leading comments). */
function docOf(n: Node, skip?: Comment): string | null {
  const c = (n.leadingComments ?? []).filter((x) => x !== skip && docText(x) !== null).at(-1);
  return c === undefined ? null : docText(c);
}

/** The source of a node with the comments inside it removed, and blank lines dropped. */
function codeOf(p: Parsed, n: Node): string {
  let out = "";
  let at = n.start;
  for (const c of p.comments) {
    if (c.start < n.start || c.end > n.end) continue;
    out += p.text.slice(at, c.start);
    at = c.end;
  }
  out += p.text.slice(at, n.end);
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .join("\n");
}

function keyName(n: Node): string | null {
  if (n.computed) return null;
  const k = n.key as Node & { name?: string; value?: string };
  return k.type === "Identifier" ? k.name! : k.type === "StringLiteral" ? k.value! : null;
}

function membersOf(p: Parsed, body: Node[]): Member[] {
  const list: Member[] = [];
  for (const m of body) {
    if (m.type === "ClassPrivateProperty" || m.accessibility === "private" || m.accessibility === "protected") continue;
    const name = keyName(m);
    if (name === null) continue; // [BYTES], [inspect.custom]: the struct machinery, not the C API
    const kind =
      m.kind === "constructor" ? "constructor" : m.kind === "get" || m.kind === "set" ? "accessor" : m.type === "TSDeclareMethod" || m.type === "TSMethodSignature" ? "method" : "field";
    // One line each: a parameter property's comment leaves a line break where it stood.
    list.push({ name, code: codeOf(p, m).replace(/\s*\n\s*/g, " ").replace(/\( /g, "(").trim(), doc: docOf(m), kind });
  }
  return list;
}

/** A declaration's source without `export`/`declare`. */
function bare(code: string): string {
  return code.replace(/^export\s+/, "").replace(/^declare\s+/, "");
}

function parseFile(file: string): Parsed {
  const text = readFileSync(file, "utf8");
  const ast = parse(text, { sourceType: "module", plugins: [["typescript", { dts: true }]] }) as unknown as {
    comments: Comment[];
    program: { body: Node[] };
  };
  return { text, comments: ast.comments, body: ast.program.body };
}

const CONSTANT_TYPE = /^number( \| undefined)?$/;

/** The module's own declarations, by name (a class and an interface of one name merge, as in TypeScript). */
function localDecls(p: Parsed, module: string, pkgDoc: Comment | undefined): Map<string, Decl> {
  const decls = new Map<string, Decl>();
  for (const stmt of p.body) {
    const d = (stmt.type === "ExportNamedDeclaration" ? stmt.declaration : stmt) as Node | null;
    if (d === null || d === undefined) continue;
    const doc = docOf(stmt, pkgDoc);
    const add = (name: string, kind: Kind, code: string, members: Member[] = [], type?: string) => {
      const made: Decl = { name, kind, module, pos: d.start, doc, code, members, type };
      const had = decls.get(name);
      if (had?.kind === "function" && kind === "function") {
        had.code += `\n${code}`; // an overload
      } else if (had !== undefined && [had.kind, kind].sort().join() === "class,interface") {
        // A class and an interface of one name are one type: the members of both.
        const [cls, other] = had.kind === "class" ? [had, made] : [made, had];
        cls.members = [...cls.members, ...other.members];
        cls.doc ??= other.doc;
        decls.set(name, cls);
      } else {
        decls.set(name, made);
      }
    };
    switch (d.type) {
      case "TSDeclareFunction":
        add((d.id as { name: string }).name, "function", bare(codeOf(p, d)));
        break;
      case "ClassDeclaration": {
        const body = (d.body as { body: Node[] }).body;
        const head = p.text.slice(d.start, (d.body as Node).start).trim();
        add((d.id as { name: string }).name, "class", bare(head), membersOf(p, body));
        break;
      }
      case "TSInterfaceDeclaration": {
        const body = (d.body as { body: Node[] }).body;
        const head = p.text.slice(d.start, (d.body as Node).start).trim();
        add((d.id as { name: string }).name, "interface", bare(head), membersOf(p, body));
        break;
      }
      case "TSTypeAliasDeclaration":
        add((d.id as { name: string }).name, "type", bare(codeOf(p, d)));
        break;
      case "VariableDeclaration":
        for (const v of d.declarations as Node[]) {
          const id = v.id as Node & { name: string; typeAnnotation?: Node };
          const ann = id.typeAnnotation ? codeOf(p, id.typeAnnotation.typeAnnotation as Node) : "unknown";
          const constant = /^_?[A-Z][A-Za-z0-9_]*$/.test(id.name) && CONSTANT_TYPE.test(ann) && doc === null;
          add(id.name, constant ? "constant" : "variable", `${d.kind as string} ${id.name}: ${ann}`, [], ann);
        }
        break;
      default:
        // An enum, a namespace, a default export: say so rather than leave it out of the reference.
        if (stmt.type === "ExportNamedDeclaration" || stmt.type === "ExportDefaultDeclaration" || stmt.type === "TSExportAssignment") {
          throw new Error(`${module}.d.ts: apidoc does not read an exported ${d.type} yet`);
        }
    }
  }
  return decls;
}

/**
 * The exports of one .d.ts, in order, following `export *`, `export { } from`
 * and re-exported imports.
 */
class Declarations {
  private readonly cache = new Map<string, { parsed: Parsed; exports: Map<string, Decl>; pkgDoc: string | null }>();
  constructor(private readonly dir: string) {}

  load(rel: string): { exports: Map<string, Decl>; pkgDoc: string | null } {
    const hit = this.cache.get(rel);
    if (hit) return hit;
    const parsed = parseFile(join(this.dir, rel));
    const module = rel.replace(/\.d\.ts$/, "");
    const pkgComment = parsed.comments.find((c) => docText(c)?.includes("@packageDocumentation"));
    const pkgDoc = pkgComment === undefined ? null : docText(pkgComment)!.replace(/\s*@packageDocumentation\s*/, "\n").trim();
    const entry = { parsed, exports: new Map<string, Decl>(), pkgDoc };
    this.cache.set(rel, entry);
    const local = localDecls(parsed, module, pkgComment);
    const imports = new Map<string, [from: string, name: string]>();
    const target = (spec: string): string => join(dirname(rel), spec.replace(/\.js$/, ".d.ts"));
    for (const stmt of parsed.body) {
      if (stmt.type === "ImportDeclaration") {
        for (const s of stmt.specifiers as Node[]) {
          const imported = s.imported as { name: string } | undefined;
          if (imported) imports.set((s.local as { name: string }).name, [target((stmt.source as { value: string }).value), imported.name]);
        }
      } else if (stmt.type === "ExportAllDeclaration" && stmt.exported) {
        throw new Error(`${rel}: apidoc does not read export * as a namespace yet`);
      } else if (stmt.type === "ExportAllDeclaration") {
        for (const [name, d] of this.load(target((stmt.source as { value: string }).value)).exports) {
          if (!entry.exports.has(name)) entry.exports.set(name, d);
        }
      } else if (stmt.type === "ExportNamedDeclaration" && stmt.declaration) {
        for (const [name, d] of local) if (d.pos >= stmt.start && d.pos < stmt.end) entry.exports.set(name, d);
      } else if (stmt.type === "ExportNamedDeclaration") {
        const source = stmt.source as { value: string } | null;
        for (const s of stmt.specifiers as Node[]) {
          const localName = (s.local as { name: string }).name;
          const exported = (s.exported as { name: string }).name;
          let d: Decl | undefined;
          if (source) d = this.load(target(source.value)).exports.get(localName);
          else if (local.has(localName)) d = local.get(localName);
          else if (imports.has(localName)) {
            const [from, name] = imports.get(localName)!;
            d = this.load(from).exports.get(name);
          }
          if (d === undefined) throw new Error(`${rel}: cannot resolve export ${exported}`);
          const typeOnly = stmt.exportKind === "type" || s.exportKind === "type" || d.typeOnly === true;
          entry.exports.set(exported, exported === d.name && typeOnly === (d.typeOnly === true) ? d : { ...d, name: exported, typeOnly });
        }
      }
    }
    return entry;
  }
}

/** Every entry point's documented surface, read from the declarations in dir. */
export function load(dir: string, entries = entryPoints()): EntryPoint[] {
  const decls = new Declarations(dir);
  return entries.map(({ specifier, dts, file }) => {
    if (!existsSync(join(dir, dts))) throw new Error(`${specifier}: ${dts} was not emitted`);
    const { exports, pkgDoc } = decls.load(dts);
    return { specifier, file, doc: pkgDoc, decls: [...exports.values()] };
  });
}

// ---- the rules -------------------------------------------------------------

/** The man pages a doc comment names. */
export function manPages(doc: string): string[] {
  return [...doc.matchAll(MAN_PAGE)].map((m) => m[0]);
}

/** A function's own man page: the one of its name (bind(2) for bind), else the first named. */
export function ownPage(name: string, doc: string): string | undefined {
  const pages = manPages(doc);
  return pages.find((p) => p.startsWith(`${name}(`)) ?? pages[0];
}

/** The names listed after "Errors:" (up to the end of that paragraph). */
export function errorNames(doc: string): string[] | null {
  const m = /\bErrors:([\s\S]*?)(?:\n\n|$)/.exec(doc);
  if (m === null) return null;
  return [...m[1]!.matchAll(/\b(E[A-Z0-9_]+|HOST_NOT_FOUND|TRY_AGAIN|NO_RECOVERY|NO_DATA|NETDB_INTERNAL)\b/g)].map((x) => x[1]!);
}

/**
 * What the reference requires of the entry points:
 * - each entry point has a @packageDocumentation comment;
 * - every export but the constant tables has a doc comment, and so does every
 *   method and accessor of an exported class;
 * - every function names a man page, unless NO_MAN_PAGE says why it has none;
 * - a function whose own man page (ownPage) is a system call's, section 2,
 *   lists its errors in an "Errors:" paragraph ("Errors: none." for one that
 *   cannot fail); every name listed there is a constant the package exports
 *   (so a typo fails).
 */
export function lint(entries: EntryPoint[], exceptions: Readonly<Record<string, string>> = NO_MAN_PAGE): string[] {
  const problems: string[] = [];
  const known = new Set(entries.flatMap((e) => e.decls.filter((d) => d.kind === "constant").map((d) => d.name)));
  const exported = new Set<string>();
  for (const e of entries) {
    if (e.doc === null) problems.push(`${e.specifier}: the entry point has no @packageDocumentation comment`);
    for (const d of e.decls) {
      const where = `${e.specifier}: ${d.name}`;
      exported.add(d.name);
      if (d.kind === "constant") continue;
      if (d.doc === null) {
        problems.push(`${where} (${d.kind}) has no doc comment`);
        continue;
      }
      for (const m of d.members) {
        if ((m.kind === "method" || m.kind === "accessor") && m.doc === null && !d.members.some((o) => o !== m && o.name === m.name && o.doc !== null)) {
          problems.push(`${where}.${m.name} (${m.kind}) has no doc comment`);
        }
      }
      if (d.kind !== "function") continue;
      const page = ownPage(d.name, d.doc);
      if (page !== undefined && d.name in exceptions) problems.push(`${where}: names ${page}, so NO_MAN_PAGE should not list it`);
      if (page === undefined && !(d.name in exceptions)) problems.push(`${where}: the doc comment names no man page (e.g. "bind(2)"); or add it to NO_MAN_PAGE with the reason`);
      const errors = errorNames(d.doc);
      const none = /\bErrors: none\b/.test(d.doc); // a call that cannot fail (getpid(2)) says so
      if (page?.endsWith("(2)") && (errors === null || errors.length === 0) && !none) problems.push(`${where}: ${page} is a system call, but the doc comment lists no "Errors:" paragraph`);
      for (const name of errors ?? []) if (!known.has(name)) problems.push(`${where}: "Errors:" names ${name}, which the package does not export`);
    }
  }
  for (const name of Object.keys(exceptions)) if (!exported.has(name)) problems.push(`NO_MAN_PAGE lists ${name}, which no entry point exports`);
  return problems;
}

// ---- Markdown ----------------------------------------------------------------

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, duplicates numbered. */
function slugger(): (heading: string) => string {
  const seen = new Map<string, number>();
  return (heading) => {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  };
}

/** Markdown text of a doc comment: `<` and `*` outside code spans escaped, so C's <netinet/in.h> and `char *` print as written. */
function prose(doc: string): string {
  return doc
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;").replace(/\*/g, "\\*")))
    .join("");
}

/**
 * The sections of a page, one per declaring module, in the order a reader
 * meets the calls; a module missing here (a new one) follows, titled from the
 * first sentence of its header comment.
 */
const SECTIONS: [module: string, title: string][] = [
  ["socket", "Sockets: socket, bind, listen, accept, connect, close"],
  ["io", "Reading and writing: read, write, send, recv, sendto, recvfrom"],
  ["sockopt", "Socket options: setsockopt, getsockopt"],
  ["sockaddr", "Address structs"],
  ["inet", "Byte order and address text"],
  ["netdb", "Name services: getaddrinfo, getnameinfo, interface names"],
  ["hostent", "Hosts, services and protocols databases"],
  ["errno", "errno and error messages"],
  ["struct", "Structs, sizeof, casts and memory"],
  ["poll", "Multiplexing: select, poll, epoll"],
  ["msg", "Messages and ancillary data: sendmsg, recvmsg, cmsg"],
  ["multicast", "Multicast option structs"],
  ["tcp", "TCP: tcp_info"],
  ["ports", "Ephemeral ports"],
  ["promises", "The calls"],
  ["error", "How a call fails: SocketError"],
  ["watch", "Options: cancelling a call"],
  ["tools/lab/lab", "The lab"],
];

function moduleTitle(module: string): string {
  const known = SECTIONS.find(([m]) => m === module);
  if (known) return known[1];
  const src = join(root, "src", `${module}.ts`);
  const lines = existsSync(src) ? readFileSync(src, "utf8").split("\n") : [];
  const header: string[] = [];
  for (const l of lines) {
    if (!l.startsWith("//")) break;
    header.push(l.replace(/^\/\/\s?/, ""));
  }
  const first = /^(.*?)[.:](\s|$)/.exec(header.join(" ").trim())?.[1] ?? "";
  return first === "" ? `${module}.ts` : first;
}

function sectionRank(module: string): number {
  const i = SECTIONS.findIndex(([m]) => m === module);
  return i < 0 ? SECTIONS.length : i;
}

const KIND_ORDER: Kind[] = ["function", "class", "interface", "type", "variable"];

function renderDecl(d: Decl, out: string[]): void {
  out.push(`### ${d.name}`, "");
  const body = d.members.length === 0 ? "" : ` {\n${d.members.map((m) => `    ${m.code}`).join("\n")}\n}`;
  const code = d.kind === "class" || d.kind === "interface" ? `${d.code}${body}` : d.code;
  out.push("```ts", code, "```", "");
  if (d.doc !== null) out.push(prose(d.doc), "");
  const documented = d.members.filter((m) => m.doc !== null);
  if (documented.length > 0) {
    for (const m of documented) out.push(`- \`${m.name}\`: ${prose(m.doc!).replace(/\n/g, " ")}`);
    out.push("");
  }
}

/** The family a constant belongs to in the table: its prefix up to the first `_`; errno names together. */
function family(name: string): string {
  if (/^E(?!POLL)[A-Z0-9]+$/.test(name)) return "E* (errno)";
  const m = /^(EPOLL|POLL|FIO|SIOC)(?=[A-Z_])/.exec(name) ?? /^([A-Za-z0-9]+)_/.exec(name);
  return m === null ? name : m[0].endsWith("_") ? `${m[0]}*` : `${m[1]}*`;
}

function renderConstants(constants: Decl[], out: string[]): void {
  out.push(
    "## Constants",
    "",
    "From the system headers the addon was built against. A constant typed `number` is there on every",
    "Linux build (POSIX requires it, or Linux's classic socket API has it); one typed",
    "`number | undefined` may be absent on a platform (a newer kernel option, a glibc extension), and is",
    "then `undefined`, never a made-up number: check it as a C program would `#ifdef` it.",
    "",
    "| Family | `number` | `number \\| undefined` |",
    "| --- | --- | --- |",
  );
  const families = new Map<string, [Decl[], Decl[]]>();
  for (const c of constants) {
    const f = family(c.name);
    if (!families.has(f)) families.set(f, [[], []]);
    families.get(f)![c.type === "number" ? 0 : 1].push(c);
  }
  const cell = (list: Decl[]) => list.map((c) => `\`${c.name}\``).join(" ");
  for (const [f, [always, maybe]] of [...families].sort(([a], [b]) => a.localeCompare(b))) out.push(`| ${f} | ${cell(always)} | ${cell(maybe)} |`);
  out.push("");
}

const GENERATED = "<!-- Generated by `npm run docs:api` (scripts/apidoc.ts) from the doc comments in src/; do not edit. -->";

function renderEntry(e: EntryPoint): string {
  const slug = slugger();
  const out: string[] = [GENERATED, "", `# ${e.specifier}`, ""];
  slug(e.specifier);
  out.push(`\`\`\`ts\nimport { ... } from "${e.specifier}";\n\`\`\``, "");
  if (e.doc !== null) out.push(prose(e.doc), "");
  const constants = e.decls.filter((d) => d.kind === "constant");
  const groups = new Map<string, Decl[]>();
  for (const d of e.decls) {
    if (d.kind === "constant") continue;
    if (!groups.has(d.module)) groups.set(d.module, []);
    groups.get(d.module)!.push(d);
  }
  const ordered = [...groups].sort(([a], [b]) => sectionRank(a) - sectionRank(b));
  const sections: [title: string, decls: Decl[]][] = ordered.map(([module, decls]) => [
    moduleTitle(module),
    decls.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.pos - b.pos),
  ]);
  // Headings in document order, so the anchors number duplicates as GitHub does.
  const anchors = new Map<string, string>();
  const sectionAnchors: string[] = [];
  slug("Contents");
  for (const [title, decls] of sections) {
    sectionAnchors.push(slug(title));
    for (const d of decls) anchors.set(d.name, slug(d.name));
  }
  out.push("## Contents", "");
  sections.forEach(([title, decls], i) => {
    out.push(`- [${prose(title)}](#${sectionAnchors[i]}): ${decls.map((d) => `[${d.name}](#${anchors.get(d.name)})`).join(", ")}`);
  });
  if (constants.length > 0) out.push(`- [Constants](#constants): ${constants.length}, by family`);
  out.push("");
  for (const [title, decls] of sections) {
    out.push(`## ${prose(title)}`, "");
    for (const d of decls) renderDecl(d, out);
  }
  if (constants.length > 0) renderConstants(constants, out);
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function renderIndex(entries: EntryPoint[]): string {
  const out: string[] = [GENERATED, "", "# API reference", ""];
  out.push(
    "One page per entry point of the package. Every function corresponds directly to the C function",
    "of the same name and names its man page; unless its page says otherwise it returns what C returns",
    "and sets `errno` on `-1`. Struct fields read and write in the byte order C stores them.",
    "",
    "| Entry point | Functions | Classes and structs | Types | Variables | Constants |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const e of entries) {
    const n = (...k: Kind[]) => e.decls.filter((d) => k.includes(d.kind)).length;
    out.push(`| [${e.specifier}](${e.file}) | ${n("function")} | ${n("class")} | ${n("interface", "type")} | ${n("variable")} | ${n("constant")} |`);
  }
  out.push("", "Regenerate with `npm run docs:api`; `test/apidoc.test.ts` fails while these pages are stale.");
  return `${out.join("\n")}\n`;
}

/** The files of docs/api/, by name. */
export function render(entries: EntryPoint[]): Map<string, string> {
  const files = new Map<string, string>([["README.md", renderIndex(entries)]]);
  for (const e of entries) files.set(e.file, renderEntry(e));
  return files;
}

/** The differences between the rendered files and docs/api/: stale, missing and extra files. */
export function stale(files: Map<string, string>, dir = OUT): string[] {
  const have = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md")) : [];
  const out: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    if (!existsSync(path)) out.push(`docs/api/${name} is missing`);
    else if (readFileSync(path, "utf8") !== text) out.push(`docs/api/${name} is stale`);
  }
  for (const f of have) if (!files.has(f)) out.push(`docs/api/${f} is not generated any more`);
  return out;
}

function main(): number {
  const check = process.argv.includes("--check");
  const dir = emitDeclarations();
  let entries: EntryPoint[];
  try {
    entries = load(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const problems = lint(entries);
  const files = render(entries);
  const diffs = stale(files);
  if (!check) {
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.endsWith(".md") && !files.has(f)) rmSync(join(OUT, f));
    for (const [name, text] of files) writeFileSync(join(OUT, name), text);
    const counts = entries.map((e) => `${e.specifier}: ${e.decls.filter((d) => d.kind !== "constant").length} documented exports`).join("; ");
    console.log(`docs/api: ${files.size} files${diffs.length === 0 ? " (unchanged)" : ` (${diffs.length} updated)`}; ${counts}`);
  } else {
    for (const d of diffs) console.error(`${d} (run npm run docs:api)`);
  }
  for (const p of problems) console.error(p);
  return problems.length > 0 || (check && diffs.length > 0) ? 1 : 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
