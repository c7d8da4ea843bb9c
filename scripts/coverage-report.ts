// The native coverage report (npm run coverage:native): reads gcov's JSON for
// the instrumented objects and prints, per native/*.cc (and the headers the
// shims share), the lines executed and the branches taken, then every line
// left unexecuted with its text. Branches that only throw (the exception
// edges g++ adds to every call that may throw) are left out, as gcovr's
// --exclude-throw-branches does. A line or branch of a template counts once:
// covered if any instantiation covered it.
//
//   node --import tsx scripts/coverage-report.ts OBJDIR TREE [--min 95] [--branches]
//
// OBJDIR holds the .gcno/.gcda files, TREE is the package copy that was built
// (its native/ is what the line numbers refer to); --branches also lists the
// lines with a branch never taken. Exits 1 when the lines of native/*.cc
// together are below --min percent.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";

interface GcovBranch { count: number; throw: boolean }
interface GcovLine { line_number: number; count: number; branches: GcovBranch[] }
interface GcovFile { file: string; lines: GcovLine[] }
interface GcovJson { current_working_directory: string; files: GcovFile[] }

const [objArg, treeArg, ...rest] = process.argv.slice(2);
if (objArg === undefined || treeArg === undefined) {
  console.error("usage: coverage-report.ts OBJDIR TREE [--min PERCENT]");
  process.exit(2);
}
const objdir = resolve(objArg);
const tree = resolve(treeArg);
const min = rest.includes("--min") ? Number(rest[rest.indexOf("--min") + 1]) : 95;
const native = resolve(tree, "native");

/** Per source file: line -> [executions, branch counts by index]. */
const files = new Map<string, Map<number, { count: number; branches: number[] }>>();
const gcda = readdirSync(objdir).filter((f) => f.endsWith(".gcda"));
if (gcda.length === 0) {
  console.error(`coverage: no .gcda files in ${objdir}: nothing ran the instrumented addon`);
  process.exit(1);
}
for (const f of gcda) {
  // One JSON document per line of output, one per .gcda.
  const out = execFileSync("gcov", ["--json-format", "--stdout", "--branch-probabilities", "--object-directory", objdir, join(objdir, f)], { cwd: objdir, encoding: "utf8", maxBuffer: 1 << 28 });
  for (const doc of out.split("\n").filter((l) => l.trim() !== "")) {
    const json = JSON.parse(doc) as GcovJson;
    for (const file of json.files) {
      const path = resolve(json.current_working_directory, file.file);
      if (!path.startsWith(native + "/")) continue;
      const lines = files.get(path) ?? new Map();
      files.set(path, lines);
      for (const l of file.lines) {
        const had = lines.get(l.line_number) ?? { count: 0, branches: [] };
        had.count += l.count;
        l.branches.forEach((b, i) => {
          if (b.throw) return;
          had.branches[i] = (had.branches[i] ?? 0) + b.count;
        });
        lines.set(l.line_number, had);
      }
    }
  }
}

const pct = (a: number, n: number): string => (n === 0 ? "-" : `${((100 * a) / n).toFixed(1)}%`);
const cell = (a: number, n: number): string => `${`${a}/${n}`.padStart(11)} ${pct(a, n).padStart(6)}`;
const rows: string[] = [];
const uncovered: string[] = [];
const untaken: string[] = [];
const listBranches = rest.includes("--branches");
let totalLines = 0, hitLines = 0, totalBranches = 0, hitBranches = 0;
const sorted = [...files.keys()].sort((a, b) => Number(a.endsWith(".h")) - Number(b.endsWith(".h")) || a.localeCompare(b));
for (const path of sorted) {
  const lines = files.get(path)!;
  const name = relative(tree, path);
  const l = [...lines.values()];
  const lh = l.filter((x) => x.count > 0).length;
  const branches = l.flatMap((x) => x.branches.filter((b) => b !== undefined));
  const bh = branches.filter((b) => b > 0).length;
  rows.push(`${name.padEnd(22)} ${cell(lh, l.length)}   ${cell(bh, branches.length)}`);
  if (path.endsWith(".cc")) {
    totalLines += l.length;
    hitLines += lh;
    totalBranches += branches.length;
    hitBranches += bh;
  }
  const source = readFileSync(path, "utf8").split("\n");
  const missed = [...lines.entries()].filter(([, x]) => x.count === 0).map(([n]) => n).sort((a, b) => a - b);
  for (const n of missed) uncovered.push(`${basename(path)}:${n}: ${source[n - 1]!.trim()}`);
  if (listBranches) {
    for (const [n, x] of [...lines.entries()].sort((a, b) => a[0] - b[0])) {
      const not = x.branches.filter((b) => b === 0).length;
      if (x.count > 0 && not > 0) untaken.push(`${basename(path)}:${n}: ${not} of ${x.branches.filter((b) => b !== undefined).length} not taken: ${source[n - 1]!.trim()}`);
    }
  }
}

console.log("\nnative coverage (gcov; branches without the exception edges)");
console.log(`${"file".padEnd(22)} ${"lines".padStart(18)}   ${"branches".padStart(18)}`);
for (const r of rows) console.log(r);
console.log(`${"native/*.cc".padEnd(22)} ${cell(hitLines, totalLines)}   ${cell(hitBranches, totalBranches)}`);
console.log(`\nlines never executed (${uncovered.length}; why each cannot be reached: docs/coverage.md):`);
for (const u of uncovered) console.log(`  ${u}`);
if (listBranches) {
  console.log(`\nlines with a branch never taken (${untaken.length}):`);
  for (const u of untaken) console.log(`  ${u}`);
}
const ok = totalLines > 0 && (100 * hitLines) / totalLines >= min;
console.log(`\ncoverage:native: ${pct(hitLines, totalLines)} of native lines ${ok ? ">=" : "< "} ${min} %`);
process.exit(ok ? 0 : 1);
