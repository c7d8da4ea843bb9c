// The tarball a user installs: what it holds, and that it works when installed
// with --ignore-scripts and no C compiler, from ESM and from CommonJS, on this
// machine (x86-64). test/package/arm64.test.ts runs the same copy under qemu.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { elf, EM_AARCH64, EM_X86_64 } from "./elf.js";
import { exchanged, noCompilerEnv } from "./common.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = inject("installed");

/** Runs the host's node in the installed project, with no compiler on PATH. */
function node(script: string, cwd = pkg.project, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [script], { cwd, env: { ...noCompilerEnv(pkg.nocc), ...extraEnv }, encoding: "utf8" });
}

describe("the tarball", () => {
  it("was packed and installed", () => {
    expect(pkg.error).toBeNull();
  });

  it("holds stripped prebuilds for linux-x64 and linux-arm64, each for its machine", () => {
    const prebuilds = pkg.files.filter((f) => f.startsWith("package/prebuilds/")).sort();
    expect(prebuilds).toEqual(["package/prebuilds/linux-arm64/berkeley-sockets.glibc.node", "package/prebuilds/linux-x64/berkeley-sockets.glibc.node"]);
    for (const [arch, machine] of [["x64", EM_X86_64], ["arm64", EM_AARCH64]] as const) {
      const e = elf(join(pkg.pkg, "prebuilds", `linux-${arch}`, "berkeley-sockets.glibc.node"));
      expect(e.machine, arch).toBe(machine);
      expect(e.sections.filter((s) => s === ".symtab" || s.startsWith(".debug")), arch).toEqual([]);
    }
  });

  it("holds dist/ (ESM and .d.ts for every entry point), src/, native/ and binding.gyp, README, LICENSE, docs/, examples/ and nothing else", () => {
    const manifest = JSON.parse(readFileSync(join(pkg.pkg, "package.json"), "utf8"));
    for (const entry of Object.values(manifest.exports as Record<string, string | { types: string; default: string }>)) {
      for (const file of typeof entry === "string" ? [entry] : [entry.types, entry.default]) expect(pkg.files).toContain(join("package", file));
    }
    for (const file of readdirSync(join(root, "native"))) expect(pkg.files).toContain(`package/native/${file}`);
    for (const file of readdirSync(join(root, "docs"), { recursive: true, encoding: "utf8" })) {
      if (statSync(join(root, "docs", file)).isFile()) expect(pkg.files).toContain(`package/docs/${file}`);
    }
    expect(pkg.files).toEqual(expect.arrayContaining(["package/binding.gyp", "package/README.md", "package/LICENSE", "package/examples/README.md"]));
    expect(readFileSync(join(pkg.pkg, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the berkeley-sockets authors\n/);
    const top = new Set(pkg.files.map((f) => f.split("/")[1]));
    expect([...top].sort()).toEqual(["LICENSE", "README.md", "binding.gyp", "dist", "docs", "examples", "native", "package.json", "prebuilds", "src"]);
  });

  it("states what it supports: linux, x64 and arm64, Node 20.19+", () => {
    const manifest = JSON.parse(readFileSync(join(pkg.pkg, "package.json"), "utf8"));
    expect([manifest.os, manifest.cpu, manifest.engines]).toEqual([["linux"], ["x64", "arm64"], { node: ">=20.19" }]);
  });

  it("ships the sources its source maps point at", () => {
    const maps = pkg.files.filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const file = join(pkg.pkg, map.slice("package/".length));
      for (const source of JSON.parse(readFileSync(file, "utf8")).sources as string[]) {
        expect(existsSync(resolve(dirname(file), source)), `${map} -> ${source}`).toBe(true);
      }
    }
  });

  it("holds every docs/ and examples/ file the README sends a user to", () => {
    const readme = readFileSync(join(pkg.pkg, "README.md"), "utf8");
    const linked = [...new Set([...readme.matchAll(/\b((?:docs|examples)\/[\w./-]+\.(?:md|c|ts))\b/g)].map((m) => m[1]!))];
    expect(linked.length).toBeGreaterThan(2);
    for (const file of linked) expect(pkg.files, file).toContain(`package/${file}`);
  });
});

describe("installed with --ignore-scripts and no C compiler (linux-x64)", () => {
  it("had no compiler, make or python on PATH, and built nothing", () => {
    expect(pkg.reachable).toBe("");
    expect(existsSync(join(pkg.pkg, "build"))).toBe(false);
  });

  it("imports from ESM: a UDP exchange on loopback, blocking and through promises, on the linux-x64 prebuild", () => {
    const r = node("esm.mjs");
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(exchanged("esm", "x64"));
  });

  it("requires from CommonJS: the same exchange", () => {
    const r = node("cjs.cjs");
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(exchanged("cjs", "x64"));
  });

  it("with install scripts on (npm 11's default), node-gyp-build finds the prebuild and compiles nothing", () => {
    const dir = join(pkg.tmp, "with-scripts");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "with-scripts", private: true }));
    const npmCli = spawnSync("/bin/sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
    const r = spawnSync(process.execPath, [npmCli, "install", "--foreground-scripts", "--no-audit", "--no-fund", pkg.tarball], { cwd: dir, env: noCompilerEnv(pkg.nocc), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("> node-gyp-build");
    expect(existsSync(join(dir, "node_modules/berkeley-sockets/build"))).toBe(false);
    cpSync(join(pkg.project, "cjs.cjs"), join(dir, "cjs.cjs"));
    cpSync(join(pkg.project, "exchange.cjs"), join(dir, "exchange.cjs"));
    expect(JSON.parse(node("cjs.cjs", dir).stdout)).toEqual(exchanged("cjs", "x64"));
  });

  it("without a prebuild for the machine and no build, the error says how to build from source and approve the install script", () => {
    const dir = join(pkg.tmp, "no-prebuild");
    cpSync(join(pkg.project, "node_modules"), join(dir, "node_modules"), { recursive: true, filter: (f) => !f.includes("/prebuilds/") });
    cpSync(join(pkg.project, "cjs.cjs"), join(dir, "cjs.cjs"));
    cpSync(join(pkg.project, "exchange.cjs"), join(dir, "exchange.cjs"));
    const r = node("cjs.cjs", dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("berkeley-sockets: no native addon loads for linux-x64 (Node v");
    expect(r.stderr).toContain("install python3, make and a C++ compiler (g++ or clang++), then run \"npm rebuild berkeley-sockets\"");
    expect(r.stderr).toContain('"npm install-scripts approve berkeley-sockets"');
    expect(r.stderr).toContain("Cause: No native build was found for platform=linux arch=x64");
  });

  it("on musl (LIBC=musl, what node-gyp-build assumes on Alpine) the glibc prebuilds are not taken: the same error, no crash in dlopen", () => {
    const r = node("cjs.cjs", pkg.project, { LIBC: "musl" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("then run \"npm rebuild berkeley-sockets\"");
    expect(r.stderr).toMatch(/Cause: No native build was found for platform=linux arch=x64 .*libc=musl/);
  });
});
