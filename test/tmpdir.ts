// vitest globalSetup: the suite leaves nothing in the temporary folder. Every
// test process (and whatever it spawns) runs with TMPDIR set to a folder of
// this run's own; when the run ends, anything left in it that is not one of
// the caches below fails the run, and the folder is removed either way.
//
// The caches:
// - berkeley-sockets-test-bin: the C programs the tests compile
//   (test/helpers.ts compileC), by content hash. It lives in the real
//   temporary folder (BERKELEY_SOCKETS_TEST_CACHE points there), so later runs
//   reuse it; it is the one thing a run may add there.
// - berkeley-sockets-bench: bench/run.ts's compiled C baseline (this run's only).
// - tsx-<uid>: tsx's transform cache (this run's only).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const CACHES = new Set(["berkeley-sockets-bench", `tsx-${userInfo().uid}`]);

export default function setup(): () => void {
  const real = tmpdir();
  const run = mkdtempSync(join(real, "berkeley-sockets-test-run-"));
  const before = { TMPDIR: process.env.TMPDIR, BERKELEY_SOCKETS_TEST_CACHE: process.env.BERKELEY_SOCKETS_TEST_CACHE };
  process.env.BERKELEY_SOCKETS_TEST_CACHE ??= join(real, "berkeley-sockets-test-bin");
  process.env.TMPDIR = run;
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const left = readdirSync(run).filter((name) => !CACHES.has(name));
    rmSync(run, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but exits 0: fail the run itself.
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in the temporary folder (TMPDIR ${run}): ${left.sort().join(", ")}`);
    }
  };
}
