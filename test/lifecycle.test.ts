// Process and thread lifecycle under the sync API (plain node children running
// the soak scripts in short form): exiting with sockets open, and worker
// threads terminated mid-operation while the process stays healthy.
import { join } from "node:path";
import { expect, test } from "vitest";
import { peer, root } from "./helpers.js";

const soak = (file: string, args: string[] = [], env: Record<string, string> = {}) =>
  peer(process.execPath, ["--expose-gc", "--import", "tsx", join(root, "soak", file), ...args], env).exit();

test.each(["end", "exit", "worker", "promises"])("a process holding open sockets exits with code 0 (%s)", async (mode) => {
  const r = await soak("exit-open.ts", [mode]);
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(0);
});

test("8 worker threads running the core workload are terminated mid-operation; the process stays healthy", async () => {
  const r = await soak("workers.ts", [], { SOAK_ROUNDS: "1" });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/soak workers: 1 rounds of 8 workers terminated mid-operation/);
  expect(r.stdout).toMatch(/main thread healthy/);
}, 120_000);
