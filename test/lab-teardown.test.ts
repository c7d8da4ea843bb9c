// The lab leaves nothing behind: not after a crash, not after a signal, and
// what a SIGKILLed run leaves is swept by the next lab. Skipped without root.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { faultsUnavailable, labUnavailable, sweep } from "../src/tools/lab/lab.js";
import { root } from "./helpers.js";

const why = labUnavailable();
const labUrl = pathToFileURL(join(root, "dist", "tools", "lab", "lab.js")).href;

const ours = (pid: number): string[] =>
  spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout.split("\n").map((l) => l.split(" ")[0]!).filter((n) => n.startsWith(`bsl-${pid}-`));

/** Starts a node process that builds a 2-host lab, prints "up", then does `then`. */
function child(then: string): { pid: number; up: Promise<void>; exit: Promise<number | null>; out: () => string } {
  const code = `import { flatLab } from ${JSON.stringify(labUrl)}; const lab = flatLab(2); console.log("up"); ${then}`;
  const c = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const up = new Promise<void>((res) => c.stdout.on("data", (d: Buffer) => (out += d.toString()).includes("up") && res()));
  const exit = new Promise<number | null>((res) => c.on("close", (code) => res(code)));
  return { pid: c.pid!, up, exit, out: () => out };
}

describe.skipIf(why !== null)("lab teardown", () => {
  beforeAll(() => {
    expect(spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root]).status).toBe(0);
  });

  it("an uncaught exception still tears the lab down", async () => {
    const c = child(`setTimeout(() => { throw new Error("experiment crashed"); }, 100);`);
    await c.up;
    expect(ours(c.pid).length).toBe(3); // switch + 2 hosts
    expect(await c.exit).toBe(1);
    expect(ours(c.pid)).toEqual([]);
  });

  it("SIGTERM and SIGINT tear the lab down, and the process still dies of the signal", async () => {
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      const c = child(`setInterval(() => {}, 1000);`);
      await c.up;
      expect(ours(c.pid).length).toBe(3);
      process.kill(c.pid, sig);
      expect(await c.exit).toBe(null);
      expect(ours(c.pid)).toEqual([]);
    }
  });

  it("the berkeley-sockets-lab command runs an experiment on the hosts, passes its exit status through and leaves nothing", () => {
    const cmd = join(root, "dist", "tools", "lab", "cli.js");
    const script = 'ip netns exec "$LAB_B1" ip -o -4 addr show dev eth0; ip netns exec "$LAB_R" ip -o link show dev eth1 >/dev/null && echo "$LAB_H1_ADDR"; exit 7';
    const r = spawnSync(process.execPath, [cmd, "--routed", "--hosts", "1", "--", "sh", "-c", script], { encoding: "utf8" });
    expect(r.status).toBe(7);
    expect(r.stdout).toMatch(/eth0\s+inet 10\.200\.2\.\d+\/24/);
    expect(r.stdout.trim().split("\n").at(-1)).toBe("10.200.1.11");
    const prefix = /lab: h1 = (bsl-\d+-[0-9a-f]+-)h1/.exec(r.stderr)![1]!;
    expect(spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout).not.toContain(prefix);
    expect(spawnSync(process.execPath, [cmd, "check"], { encoding: "utf8" }).stdout).toBe("the lab can run here\n");
  });

  it("what a SIGKILLed run leaves behind is swept", async () => {
    const c = child(`setInterval(() => {}, 1000);`);
    await c.up;
    process.kill(c.pid, "SIGKILL");
    await c.exit;
    expect(ours(c.pid).length).toBe(3);
    expect(sweep().filter((n) => n.startsWith(`bsl-${c.pid}-`)).length).toBe(3);
    expect(ours(c.pid)).toEqual([]);
  });

  it.skipIf(faultsUnavailable() !== null)("after SIGKILL, the lab's helpers (link engine, tcpdump) and the programs it started die with it; sweep takes the namespaces and the temporary directory", async () => {
    const c = child(`lab.impair("lan", { delay: 5 }); lab.startCapture("lan"); lab.serve(); lab.spawn("h1", "sleep", ["600"]);
      const { execSync } = await import("node:child_process");
      const pids = lab.spec.segments.map((s) => "sw-" + s).concat(Object.keys(lab.spec.hosts)).flatMap((n) => execSync("ip netns pids " + lab.prefix + n).toString().split("\\n").filter(Boolean));
      console.log("pids " + pids.join(",") + " tmp " + lab.tmp); setInterval(() => {}, 1000);`);
    await c.up;
    for (let i = 0; i < 500 && !c.out().includes(" tmp "); i++) await new Promise((r) => setTimeout(r, 20));
    const m = /pids ([\d,]+) tmp (\S+)/.exec(c.out())!;
    const pids = m[1]!.split(",").map(Number);
    expect(pids.length).toBe(3); // engine, tcpdump, sleep
    process.kill(c.pid, "SIGKILL");
    await c.exit;
    const gone = (p: number): boolean => !existsSync(`/proc/${p}`) || /\) Z/.test(spawnSync("cat", [`/proc/${p}/stat`], { encoding: "utf8" }).stdout);
    for (let i = 0; i < 100 && !pids.every(gone); i++) await new Promise((r) => setTimeout(r, 20));
    expect(pids.filter((p) => !gone(p))).toEqual([]);
    expect(existsSync(m[2]!)).toBe(true);
    expect(sweep()).toEqual(expect.arrayContaining([m[2]!, ...ours(c.pid)]));
    expect(ours(c.pid)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith(`bsl-${c.pid}-`))).toEqual([]);
  });
});

if (why !== null) {
  console.warn(`lab-teardown.test.ts: skipped: ${why}`);
  describe("lab teardown (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
