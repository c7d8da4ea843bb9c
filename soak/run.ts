// npm run soak — every soak script in its own plain node process (with
// --expose-gc), figures printed; exits non-zero if any fails.
//   SOAK_N=<n>       cycles/pairs for cycles.ts and dgram.ts (default 1,000,000)
//   SOAK_ROUNDS=<n>  worker rounds for workers.ts (default 5)
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = ["cycles.ts", "dgram.ts", "workers.ts", "exit-open.ts", "promises.ts"];
let failed = 0;
for (const s of scripts) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(here, s)], { stdio: "inherit", timeout: 15 * 60_000 });
  if (r.status !== 0) {
    failed++;
    console.log(`soak ${s}: FAILED (exit ${r.status}${r.signal ? `, signal ${r.signal}` : ""}) after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
console.log(failed ? `soak: ${failed} of ${scripts.length} FAILED` : `soak: all ${scripts.length} passed`);
process.exitCode = failed ? 1 : 0;
