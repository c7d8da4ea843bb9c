// Global set-up of `npm run test:package`: packs the package as a release is
// packed (npm pack, whose prepack builds any missing prebuild), or takes
// PACKAGE_TARBALL, then installs the tarball into an empty project with
// --ignore-scripts and no C compiler on PATH. Prints the tarball's size, its
// file count and the install time; removes everything it made at the end.
// Failures are recorded, not thrown, so that the tests report them.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { BUILD_TOOLS, noCompilerEnv } from "./common.js";

export interface Installed {
  /** What failed while packing or installing, or null. */
  error: string | null;
  tmp: string;
  tarball: string;
  /** `tar tzf` of the tarball. */
  files: string[];
  bytes: number;
  /** The empty project the tarball was installed into, and the installed copy. */
  project: string;
  pkg: string;
  /** A PATH holding only node and sh. */
  nocc: string;
  /** What `command -v` finds on that PATH among the build tools (nothing). */
  reachable: string;
  installMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    installed: Installed;
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}:\n${(r.stdout ?? "").slice(-4000)}\n${(r.stderr ?? "").slice(-4000)}`);
  return r.stdout;
}

export default function setup(project: TestProject): () => void {
  const tmp = mkdtempSync(join(tmpdir(), "berkeley-sockets-package-"));
  const info: Installed = { error: null, tmp, tarball: "", files: [], bytes: 0, project: join(tmp, "project"), pkg: "", nocc: join(tmp, "nocc"), reachable: "", installMs: 0 };
  try {
    if (process.env.PACKAGE_TARBALL) info.tarball = resolve(process.env.PACKAGE_TARBALL);
    else {
      const dest = join(tmp, "pack");
      mkdirSync(dest);
      sh("npm", ["pack", "--pack-destination", dest], { cwd: root });
      info.tarball = join(dest, readdirSync(dest).find((f) => f.endsWith(".tgz"))!);
    }
    info.bytes = statSync(info.tarball).size;
    info.files = sh("tar", ["tzf", info.tarball]).trim().split("\n");
    console.log(`package: ${basename(info.tarball)}, ${(info.bytes / 1000).toFixed(1)} kB, ${info.files.length} files`);

    // node and sh only: sh for npm's own script runner, nothing that compiles.
    mkdirSync(info.nocc);
    symlinkSync(process.execPath, join(info.nocc, "node"));
    symlinkSync("/bin/sh", join(info.nocc, "sh"));
    const env = noCompilerEnv(info.nocc);
    info.reachable = spawnSync("/bin/sh", ["-c", BUILD_TOOLS.map((t) => `command -v ${t}`).join("; ")], { encoding: "utf8", env }).stdout.trim();

    mkdirSync(info.project);
    writeFileSync(join(info.project, "package.json"), JSON.stringify({ name: "package-test", private: true, type: "module" }));
    cpSync(join(root, "test/package/fixtures"), info.project, { recursive: true });
    const npmCli = realpathSync(sh("/bin/sh", ["-c", "command -v npm"]).trim());
    const t0 = performance.now();
    sh(process.execPath, [npmCli, "install", "--ignore-scripts", "--no-audit", "--no-fund", info.tarball], { cwd: info.project, env });
    info.installMs = performance.now() - t0;
    info.pkg = join(info.project, "node_modules", "berkeley-sockets");
    console.log(`package: npm install --ignore-scripts with no compiler on PATH: ${(info.installMs / 1000).toFixed(2)} s`);
  } catch (err) {
    info.error = err instanceof Error ? err.message : String(err);
    console.error(`package: ${info.error}`);
  }
  project.provide("installed", info);
  return () => rmSync(tmp, { recursive: true, force: true });
}
