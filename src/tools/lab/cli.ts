#!/usr/bin/env node
// berkeley-sockets-lab: runs an experiment on a lab of network namespaces
// (./lab.ts, exported as berkeley-sockets/lab), then tears the lab down, even
// on failure or a signal.
//
//   berkeley-sockets-lab [--hosts N] [--routed] -- COMMAND [ARGS...]
//   berkeley-sockets-lab sweep      delete namespaces left by killed runs
//   berkeley-sockets-lab check      say whether the lab can run here
//
// Flat (default): hosts h1..hN on segment "lan" (10.200.1.0/24).
// --routed: segment a (h1..hN), segment b (b1..bN), router r on both,
// smcroute forwarding 239.1.1.1 from a to b.
// COMMAND runs in the machine's namespace with LAB_<HOST>=<namespace name>,
// LAB_<HOST>_ADDR=<address> in its environment; run programs on a host with
// `ip netns exec "$LAB_H1" ./receiver`.
import { spawnSync } from "node:child_process";
import { flatLab, Lab, labUnavailable, sweep } from "./lab.js";

const argv = process.argv.slice(2);
const usage = "usage: berkeley-sockets-lab [--hosts N] [--routed] -- COMMAND [ARGS...] | sweep | check";

if (argv[0] === "sweep") {
  for (const ns of sweep()) console.log(`deleted ${ns}`);
  process.exit(0);
}
if (argv[0] === "check") {
  const why = labUnavailable();
  console.log(why === null ? "the lab can run here" : `the lab cannot run here: ${why}`);
  process.exit(why === null ? 0 : 1);
}

let n = 3;
let routed = false;
let k = 0;
for (; k < argv.length && argv[k] !== "--"; k++) {
  if (argv[k] === "--hosts") n = Number(argv[++k]);
  else if (argv[k] === "--routed") routed = true;
  else {
    console.error(usage);
    process.exit(2);
  }
}
const cmd = argv.slice(k + 1);
if (cmd.length === 0 || !(n >= 1 && n <= 50)) {
  console.error(usage);
  process.exit(2);
}

let lab: Lab;
try {
  if (routed) {
    const hosts: Record<string, string[]> = {};
    for (let i = 1; i <= n; i++) hosts[`h${i}`] = ["a"];
    hosts.r = ["a", "b"];
    for (let i = 1; i <= n; i++) hosts[`b${i}`] = ["b"];
    lab = new Lab({ segments: ["a", "b"], hosts, router: "r", mroutes: [{ from: "a", group: "239.1.1.1", to: ["b"] }] });
  } else {
    lab = flatLab(n);
  }
} catch (e) {
  console.error(`berkeley-sockets-lab: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
const env = { ...process.env };
for (const [name, segs] of Object.entries(lab.spec.hosts)) {
  const key = name.toUpperCase();
  env[`LAB_${key}`] = lab.ns(name);
  env[`LAB_${key}_ADDR`] = lab.addr(name, segs[0]!);
  console.error(`lab: ${name} = ${lab.ns(name)} ${segs.map((s) => `${lab.ifname(name, s)} ${lab.addr(name, s)}`).join(", ")}`);
}
const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit", env });
lab.destroy();
process.exit(r.status ?? 1);
