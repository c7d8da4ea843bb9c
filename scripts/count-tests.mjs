// Reads vitest JSON reports and prints the totals CI reads:
// "N passed, N failed, N skipped". `--check NAME=STATUS` counts a non-vitest
// check (an exit status) as one passed or failed test. Exits 1 if anything
// failed or a report is missing.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;
const args = process.argv.slice(2);
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--check") {
    const [name, status] = args[++i].split("=");
    if (status === "0") passed += 1;
    else {
      failed += 1;
      console.error(`count-tests: ${name} failed (exit status ${status})`);
    }
  } else files.push(args[i]);
}
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`count-tests: no report at ${file} (the run died before writing it)`);
    failed += 1;
    missing = true;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A test file that failed to load has no tests but is still a failure.
  for (const s of r.testResults) if (s.status === "failed" && s.assertionResults.length === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing ? 1 : 0);
