// The process calls of berkeley-sockets/libc: exit statuses and signal()'s
// results as a C program compiled here gets them, signals really ignored or
// defaulted, handlers run (on the event loop), getpid, time, the sleeps, and
// C's errno = 0.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as main from "../src/index.js";
import * as L from "../src/libc.js";
import { compileC, root } from "./helpers.js";

const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const HEAD = `import * as L from ${JSON.stringify(`${root}/src/libc.ts`)}; import * as M from ${JSON.stringify(`${root}/src/index.ts`)};\n`;
const tsArgv = (script: string): string[] => ["--import", tsxLoader, "--input-type=module", "-e", HEAD + script];
const env = { ...process.env, BERKELEY_SOCKETS_TRACE: "" };

/** Starts a program, waits for "ready" on its stdout, sends sig, and resolves with how it ended and what it printed. */
function signalled(cmd: string, args: string[], sig: NodeJS.Signals): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let sent = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (!sent && out.includes("ready\n")) {
        sent = true;
        child.kill(sig);
      }
    });
    child.on("close", (code, signal) => resolve({ code, signal, out }));
  });
}

describe("exit", () => {
  it("ends with status & 0377, as C's exit", () => {
    for (const status of [0, 3, 255, 256, -1]) {
      const c = spawnSync(compileC(`#include <stdlib.h>\nint main(void) { exit(${status}); }`));
      const t = spawnSync(process.execPath, tsArgv(`L.exit(${status});`), { env });
      expect([status, t.status]).toEqual([status, c.status]);
    }
    expect(() => L.exit(1.5)).toThrow(TypeError);
    expect(() => L.exit("1" as never)).toThrow(TypeError);
    expect([L.EXIT_SUCCESS, L.EXIT_FAILURE]).toEqual([0, 1]);
  });
});

describe("signal", () => {
  it("returns the previous disposition and fails as C does (SIGKILL, SIGSTOP, out of range: SIG_ERR, EINVAL)", () => {
    const steps = [
      ["SIGINT", "SIG_IGN"], ["SIGINT", "h"], ["SIGINT", "SIG_DFL"], ["SIGINT", "SIG_DFL"], ["SIGTERM", "h"], ["SIGTERM", "SIG_IGN"],
      ["SIGKILL", "SIG_IGN"], ["SIGSTOP", "h"], ["SIGKILL", "SIG_DFL"], ["0", "SIG_IGN"], ["-1", "SIG_IGN"], ["NSIG", "SIG_IGN"], ["SIGUSR1", "h"],
      ["SIGUSR1", "SIG_DFL"], ["SIGHUP", "SIG_IGN"], ["SIGHUP", "SIG_IGN"], ["SIGPIPE", "SIG_IGN"], ["SIGPIPE", "h"], ["SIGPIPE", "SIG_DFL"],
      ["SIGSEGV", "SIG_DFL"],
    ];
    const c = compileC(`#include <errno.h>
#include <signal.h>
#include <stdio.h>
static void h(int s) { (void)s; }
static const char *name(void (*p)(int)) { return p == SIG_DFL ? "SIG_DFL" : p == SIG_IGN ? "SIG_IGN" : p == SIG_ERR ? "SIG_ERR" : p == h ? "h" : "?"; }
int main(void) {
${steps.map(([s, d]) => `  errno = 0; { void (*p)(int) = signal(${s}, ${d}); printf("%s %d\\n", name(p), p == SIG_ERR ? errno : 0); }`).join("\n")}
  return 0;
}`);
    const ts = `const h = () => {};
const name = (p) => p === L.SIG_DFL ? "SIG_DFL" : p === L.SIG_IGN ? "SIG_IGN" : p === L.SIG_ERR ? "SIG_ERR" : p === h ? "h" : "?";
const NSIG = 65;
for (const [s, d] of ${JSON.stringify(steps)}) {
  M.set_errno(0);
  const signum = /^-?\\d+$/.test(s) ? Number(s) : s === "NSIG" ? NSIG : L[s];
  const p = L.signal(signum, d === "h" ? h : L[d]);
  L.printf("%s %d\\n", name(p), p === L.SIG_ERR ? M.errno : 0);
}
process.exit(0);`;
    const cr = spawnSync(c, { encoding: "utf8" });
    const tr = spawnSync(process.execPath, tsArgv(ts), { encoding: "utf8", env });
    expect(tr.stderr).toBe("");
    expect(tr.stdout).toBe(cr.stdout);
    expect(cr.stdout).toContain("SIG_ERR 22");
  });

  it("SIG_IGN: the signal no longer ends the process; SIG_DFL: it does again (C and the port)", async () => {
    const c = compileC(`#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  signal(SIGINT, SIG_IGN);
  if (argc > 1) signal(SIGINT, SIG_DFL);
  printf("ready\\n"); fflush(stdout);
  sleep(1);
  printf("survived\\n");
  return 0;
}`);
    const ts = (dfl: boolean) => `L.signal(L.SIGINT, L.SIG_IGN);
${dfl ? "L.signal(L.SIGINT, L.SIG_DFL);" : ""}
L.printf("ready\\n"); L.fflush(L.stdout);
L.sleep(1);
L.printf("survived\\n");`;
    for (const dfl of [false, true]) {
      const cr = await signalled(c, dfl ? ["dfl"] : [], "SIGINT");
      const tr = await signalled(process.execPath, tsArgv(ts(dfl)), "SIGINT");
      expect(tr).toEqual(cr);
      expect(cr).toEqual(dfl ? { code: null, signal: "SIGINT", out: "ready\n" } : { code: 0, signal: null, out: "ready\nsurvived\n" });
    }
  }, 30_000);

  it("a handler runs with the signal number, on the event loop (C's runs at once)", () => {
    const t = spawnSync(process.execPath, tsArgv(`const prev = L.signal(L.SIGUSR2, (s) => { L.printf("handler %d\\n", s); });
L.printf("prev %d\\n", prev);
process.kill(process.pid, "SIGUSR2");
L.printf("after the kill\\n");
await new Promise((r) => setTimeout(r, 200));
L.printf("end\\n");`), { encoding: "utf8", env });
    expect(t.stdout).toBe(`prev ${L.SIG_DFL}\nafter the kill\nhandler ${L.SIGUSR2}\nend\n`);
  });

  it("checks its arguments", () => {
    expect(() => L.signal(L.SIGINT, "SIG_IGN" as never)).toThrow(TypeError);
    expect(() => L.signal(L.SIGINT, 5 as never)).toThrow(TypeError);
    expect(() => L.signal(1.5, L.SIG_DFL)).toThrow(TypeError);
    main.set_errno(0);
    expect(L.signal(L.SIGSEGV, L.SIG_IGN)).toBe(L.SIG_ERR);
    expect(main.errno).toBe(main.EINVAL);
    expect(L.signal(L.SIGSEGV, L.SIG_DFL)).toBe(L.SIG_DFL);
  });
});

describe("getpid, time, sleep, usleep, nanosleep", () => {
  it("getpid is the process id its parent sees", () => {
    const t = spawn(process.execPath, tsArgv(`L.printf("%d\\n", L.getpid());`), { env });
    return new Promise<void>((resolve) => {
      let out = "";
      t.stdout.on("data", (d: Buffer) => (out += d.toString()));
      t.on("close", () => {
        expect(Number(out)).toBe(t.pid);
        resolve();
      });
    });
  });

  it("time is the seconds since the Epoch, as C's time(NULL), also stored through a box", () => {
    const c = Number(spawnSync(compileC(`#include <stdio.h>\n#include <time.h>\nint main(void) { printf("%ld\\n", (long)time(NULL)); return 0; }`), { encoding: "utf8" }).stdout);
    const box = new main.ptr<number>();
    const t = L.time(box);
    expect(Math.abs(t - c)).toBeLessThanOrEqual(2);
    expect(box.value).toBe(t);
    expect(L.time(null)).toBeGreaterThanOrEqual(t);
    expect(() => L.time(7 as never)).toThrow(TypeError);
  });

  it("the sleeps block for at least the time asked, and nanosleep rejects a bad timespec with EINVAL", () => {
    let t0 = performance.now();
    expect(L.usleep(30_000)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
    expect(L.sleep(0)).toBe(0);
    const req = new main.timespec({ tv_sec: 0, tv_nsec: 20_000_000 });
    const rem = new main.timespec({ tv_sec: 7, tv_nsec: 7 });
    t0 = performance.now();
    expect(L.nanosleep(req, rem)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(19);
    expect([rem.tv_sec, rem.tv_nsec]).toEqual([7, 7]);
    for (const bad of [{ tv_sec: 0, tv_nsec: 1_000_000_000 }, { tv_sec: -1, tv_nsec: 0 }, { tv_sec: 0, tv_nsec: -1 }]) {
      main.set_errno(0);
      expect(L.nanosleep(new main.timespec(bad), null)).toBe(-1);
      expect(main.errno).toBe(main.EINVAL);
    }
    expect(() => L.nanosleep({} as never, null)).toThrow(TypeError);
    expect(() => L.sleep(0.5)).toThrow(TypeError);
  });
});

describe("errno = 0", () => {
  it("is set_errno(0), from either entry point, on the one errno both export", () => {
    expect(main.close(1_000_005)).toBe(-1);
    expect(L.errno).toBe(main.EBADF);
    L.set_errno(0);
    expect(main.errno).toBe(0);
    main.set_errno(main.EINTR);
    expect(L.errno).toBe(main.EINTR);
    expect(L.set_errno).toBe(main.set_errno);
    expect(() => main.set_errno(1.5)).toThrow(TypeError);
    expect(() => main.set_errno("0" as never)).toThrow(TypeError);
  });
});
