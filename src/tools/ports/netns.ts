// The exhaustion part of `berkeley-sockets ports`, run as
// `unshare -n node netns.js LOW HIGH`: inside a network namespace of
// its own, narrow ip_local_port_range to LOW..HIGH (the namespace's own copy)
// and use it up. Prints one JSON line per call, or {"skipped": why}.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { exhaustHere, namespaceHasRouteOut } from "./experiment.js";

function skip(why: string): never {
  console.log(JSON.stringify({ exp: "exhaust", skipped: why }));
  process.exit(0);
}

const [lo, hi] = process.argv.slice(2).map(Number);
if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
  console.error("usage: netns LOW HIGH (under unshare -n)");
  process.exit(2);
}
// Refuse to run anywhere but a fresh namespace, which can reach nothing.
if (namespaceHasRouteOut()) skip("this network namespace has a route out (run under unshare -n)");
const up = spawnSync("ip", ["link", "set", "lo", "up"], { encoding: "utf8" });
if (up.error || up.status !== 0) skip(`ip link set lo up: ${up.error?.message ?? up.stderr.trim()}`);
try {
  writeFileSync("/proc/sys/net/ipv4/ip_local_port_range", `${lo} ${hi}\n`);
} catch (err) {
  skip(`cannot narrow ip_local_port_range: ${(err as Error).message}`);
}
for (const r of exhaustHere(lo!, hi!)) console.log(JSON.stringify(r));
