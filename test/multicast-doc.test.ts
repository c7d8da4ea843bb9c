// examples/MULTICAST.md's shell recipes, run as written from the package
// root, as a reader who pastes them into a shell after `npm install` would.
// Each ```sh block runs under `bash -e -o pipefail` (any failing line fails
// it) inside a private network namespace of its own (unshare -n, checked to
// have no default route) so nothing it sends can leave the machine; the lab
// it starts builds its own namespaces. A recipe fails on a non-zero exit or on
// anything on stderr but the lab's own "lab: ..." lines. Skipped, with the
// reason, where the lab cannot run (it needs root and iproute2).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { labUnavailable } from "../src/tools/lab/lab.js";
import { netnsUnavailable, root } from "./helpers.js";

const why = labUnavailable() ?? netnsUnavailable();
const doc = readFileSync(join(root, "examples", "MULTICAST.md"), "utf8");
const recipes = [...doc.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
/** What the recipes build, as examples/README.md's do, into /tmp: removed afterwards. */
const BUILT = ["/tmp/mcast_receiver"];

/**
 * The private namespace's shell: loopback up, no default route (refused
 * otherwise, exit 99), then the recipe under bash -e -o pipefail.
 */
const NAMESPACE = `
ip link set lo up
if [ -n "$(ip route show default)$(ip -6 route show default)" ]; then echo "the test namespace has a default route" >&2; exit 99; fi
exec bash -e -o pipefail -c "$1"
`;

function runRecipe(recipe: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("unshare", ["-n", "bash", "-e", "-c", NAMESPACE, "namespace", recipe], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(why !== null)("examples/MULTICAST.md: every recipe runs as written", () => {
  beforeAll(() => {
    // The state of a clone after `npm install`, which the recipes start from: dist/ built.
    const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root], { encoding: "utf8" });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    return () => {
      for (const f of BUILT) rmSync(f, { force: true });
    };
  }, 120_000);

  it("has recipes, and the namespace they run in has no default route", () => {
    expect(recipes.length).toBeGreaterThanOrEqual(3);
    const r = runRecipe("ip route show default; ip -6 route show default; ip -o link show | wc -l");
    expect(r).toMatchObject({ status: 0, stderr: "" });
    expect(r.stdout).toBe("1\n"); // no route printed, and lo is the only interface
  });

  recipes.forEach((recipe, i) => {
    const lines = recipe.split("\n");
    it(`recipe ${i + 1}: ${(lines.find((l) => l.startsWith("npx")) ?? lines[0]!).trim()}`, () => {
      const r = runRecipe(recipe);
      const stderr = r.stderr.split("\n").filter((l) => l !== "" && !/^lab: /.test(l));
      expect({ status: r.status, stderr }, `${recipe}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`).toEqual({ status: 0, stderr: [] });
      // The multicast recipes: the receiver joined and got the sender's message.
      const senders = [...recipe.matchAll(/mcast_sender\.ts .* (?:"([^"]+)"|(\w+))$/gm)];
      expect(senders.length).toBe(recipe.match(/mcast_sender/g)?.length ?? 0);
      for (const m of senders) {
        expect(r.stdout).toMatch(/^joined 239\.1\.1\.1 on 10\.200\.\d+\.\d+$/m);
        expect(r.stdout).toContain(`: ${m[1] ?? m[2]}\n`);
      }
    }, 90_000);
  });
});
