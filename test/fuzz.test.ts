// The fuzzer's own checks can fail: a crash, a hang, a promise that never
// settles and a write outside the given memory are injected into the fuzzing
// child (FUZZ_INJECT) and must be reported with the seed and run that
// reproduce them; a short clean run passes and counts its calls. (`npm run fuzz` is the real run.)
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { peer, root } from "./helpers.js";

const fuzz = (args: string[], env: Record<string, string> = {}) =>
  peer(process.execPath, ["--import", "tsx", join(root, "fuzz", "run.ts"), ...args], env).exit();

describe("fuzz harness", () => {
  test("a short run calls every export and passes", async () => {
    const r = await fuzz(["--time", "4", "--seed", "42"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seed 42/);
    const calls = Number(/fuzz: (\d+) calls of (\d+) operations/.exec(r.stdout)![1]);
    expect(calls).toBeGreaterThan(500);
    expect(r.stdout).toMatch(/fuzz: promises: [1-9]\d* calls of 17 exports/);
    expect(r.stdout).not.toMatch(/not fuzzed yet/);
  }, 60_000);

  test("a crash is reported with the seed and the run that reproduces it", async () => {
    const r = await fuzz(["--time", "20", "--seed", "7"], { FUZZ_INJECT: "crash@150" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CRASH \(SIGSEGV\) at run 150, seed 7/);
    expect(r.stdout).toMatch(/npm run fuzz -- --seed 7 --path 150/);
  }, 60_000);

  test("a hang is detected and reported", async () => {
    const r = await fuzz(["--time", "20", "--seed", "7"], { FUZZ_INJECT: "hang@150", FUZZ_HANG_MS: "3000" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HANG \(no progress for 3 s\) at run 150, seed 7/);
  }, 60_000);

  test("a promises call whose promise never settles is reported as a hang, with its promises-phase path", async () => {
    const r = await fuzz(["--time", "10", "--seed", "7"], { FUZZ_INJECT: "pending@5", FUZZ_SETTLE_MS: "300", FUZZ_PROMISES_SHARE: "0.9" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/promises\.\w+: HANG: the promise never settled \(300 ms after its descriptors were closed\)/);
    expect(r.stdout).toMatch(/npm run fuzz -- --seed 7 --path p5/);
  }, 60_000);

  test("a write past the end of a buffer is caught by the canaries", async () => {
    const r = await fuzz(["--time", "20", "--seed", "7"], { FUZZ_INJECT: "overwrite@150" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/wrote outside the memory it was given: canary byte/);
    expect(r.stdout).toMatch(/path: "150"/);
  }, 60_000);

  test("an export without an argument model fails the run", async () => {
    const r = await fuzz(["--time", "5", "--seed", "7"], { FUZZ_INJECT: "unmodelled@0" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT RUN: fuzz: no argument model for: an_export_without_a_model/);
  }, 60_000);
});
