// Reads vitest JSON reports and prints the totals CI reads:
// "N passed, N failed, N skipped". Exits 1 if any test failed or a report is missing.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = false;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`count-tests: no report at ${file}`);
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
