// The applications in src/tools/ (the berkeley-sockets command, the ports
// experiment, the lab) sit beside the library and use it as any program
// does: through the package's public entry points, never its modules.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./helpers.js";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
};
const tools = join(root, "src", "tools");

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  const src = readFileSync(file, "utf8");
  return [...src.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gms)].map((m) => (m[1] ?? m[2])!);
}

describe("src/tools", () => {
  it("imports only node: modules, the package's own entry points and other tools", () => {
    const files = readdirSync(tools, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files).toEqual(expect.arrayContaining(["cli.ts", join("ports", "experiment.ts"), join("lab", "lab.ts")]));
    const bad: string[] = [];
    for (const f of files) {
      for (const s of specifiers(join(tools, f))) {
        if (s.startsWith("node:")) continue;
        if (s === "berkeley-sockets" || (s.startsWith("berkeley-sockets/") && `.${s.slice("berkeley-sockets".length)}` in pkg.exports)) continue;
        if (s.startsWith(".") && !relative(tools, resolve(dirname(join(tools, f)), s)).startsWith("..")) continue;
        bad.push(`${f}: ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the library never imports a tool", () => {
    const lib = readdirSync(join(root, "src")).filter((f) => f.endsWith(".ts"));
    expect(lib.flatMap((f) => specifiers(join(root, "src", f)).filter((s) => s.includes("tools")).map((s) => `${f}: ${s}`))).toEqual([]);
  });

  it("package.json's commands and entry points name files the build made", () => {
    const paths = [...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : [e.types, e.default]))];
    expect(pkg.bin).toEqual({ "berkeley-sockets": "./dist/tools/cli.js", "berkeley-sockets-lab": "./dist/tools/lab/cli.js" });
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./promises", "./lab"]));
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
  });
});
