#!/usr/bin/env node
// berkeley-sockets-lab: runs an experiment on a lab of network namespaces
// (./lab.ts, exported as berkeley-sockets/lab), with the faults it asks for,
// then tears the lab down, even on failure or a signal. See --help and
// docs/lab.md.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";
import { parseFault, parseTarget } from "./control.js";
import { control, flatLab, formatSummary, type Lab, labUnavailable, parseNetem, routedLab, sweep } from "./lab.js";

const HELP = `usage: berkeley-sockets-lab [OPTIONS] -- COMMAND [ARGS...]
       berkeley-sockets-lab ctl LINE...   change the running lab from inside it (see below)
       berkeley-sockets-lab sweep         delete what killed runs left (namespaces, temporary files)
       berkeley-sockets-lab check         say whether the lab can run here

Builds hosts (network namespaces) joined by switches (bridges), runs COMMAND
in the machine's namespace, then removes everything. Run a program on a host
with ip netns exec "$LAB_H1" PROGRAM. Nothing the lab does leaves its namespaces.

Topology
  --hosts N              hosts h1..hN on segment lan, 10.200.1.0/24 (default 3)
  --routed               segment a (h1..hN) and b (b1..bN), router r on both;
                         smcroute forwards 239.1.1.1 from a to b
  --snooping on|off      IGMP/MLD snooping on the switches (default off: multicast
                         floods every port; on: a group goes to its members only)

Impairments, in tc-netem's words; each flag may repeat. Without TARGET= it
applies to every segment (each frame crossing the switch); TARGET is a host's
link (both directions), HOST:out (what it sends), HOST:in (what it receives)
or a segment. A host's own setting of a kind replaces the segment's.
  --loss [TARGET=]P[/CORR]             --loss [TARGET=]gemodel/P[/R[/1-H[/1-K]]]
  --delay [TARGET=]T[/JITTER[/normal]]  --duplicate [TARGET=]P  --reorder [TARGET=]P
  --corrupt [TARGET=]P                  --rate [TARGET=]RATE (tbf: 1mbit, 500kbit, 2mbps)
  --impair "TARGET WORDS..."           e.g. --impair "h2:in loss 5% delay 10ms 2ms"
  Examples: --loss 10%  --delay 20ms/5ms  --loss h2=30%  --delay h3:out=100ms  --rate 1mbit

Faults
  --partition "H... / H... [/ ...]"     cut the network between groups from the start
  --fault "KIND [at T] [for T] [on T] [off T] [count N] ACTION"
      KIND: transient (once, for T), intermittent (on/off, count times), permanent
      ACTION: partition H... / H...  |  down HOST  |  freeze HOST  |  crash HOST
              |  impair TARGET WORDS...      (times count from COMMAND's start)
      e.g. --fault "intermittent at 1s on 500ms off 1s count 3 partition h1 / h2 h3"

Seeing packets
  --capture [TARGET=]FILE.pcap   tcpdump on a segment (default: the first; every
                                 frame in and out of each port) or on a host's link
  --summary                      after COMMAND, print each capture decoded, a line a packet

COMMAND's environment
  LAB_<HOST>       the host's namespace (LAB_H1, LAB_R, LAB_B1, ...)
  LAB_<HOST>_ADDR  its address on its first segment
  LAB_CONTROL      the lab's control socket;  LAB_CTL  a command that talks to it:
      $LAB_CTL impair h2 loss 10%     $LAB_CTL clear h2      $LAB_CTL partition h1 / h2 h3
      $LAB_CTL heal     $LAB_CTL down h2 / up h2     $LAB_CTL freeze h2 / thaw h2
      $LAB_CTL crash h2 / restart h2     $LAB_CTL fault ...    $LAB_CTL snooping on|off
      $LAB_CTL mdb      $LAB_CTL show      $LAB_CTL stats [SEGMENT]
  Each returns once the change is in force.
`;

function fail(msg: string): never {
  console.error(`berkeley-sockets-lab: ${msg}\n(berkeley-sockets-lab --help for usage)`);
  process.exit(2);
}

const argv = process.argv.slice(2);

if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}
if (argv[0] === "sweep") {
  for (const x of sweep()) console.log(`deleted ${x}`);
  process.exit(0);
}
if (argv[0] === "check") {
  const why = labUnavailable();
  console.log(why === null ? "the lab can run here" : `the lab cannot run here: ${why}`);
  process.exit(why === null ? 0 : 1);
}
if (argv[0] === "ctl") {
  try {
    const out = await control(argv.slice(1).join(" "));
    if (out !== "") console.log(out);
    process.exit(0);
  } catch (e) {
    console.error(`berkeley-sockets-lab ctl: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

/** An impairment flag's value: [TARGET=]VALUE, VALUE's netem arguments separated by "/". */
function flag(name: string, value: string): { target: string; words: string[] } {
  const eq = value.indexOf("=");
  const target = eq < 0 ? "*" : value.slice(0, eq);
  const parts = (eq < 0 ? value : value.slice(eq + 1)).split("/").filter(Boolean);
  if (parts.length === 0) fail(`--${name} needs a value`);
  if (name === "delay" && parts[2] !== undefined) parts.splice(2, 1, "distribution", parts[2]);
  return { target, words: [name, ...parts] };
}

let n = 3;
let routed = false;
let snooping = false;
let summary = false;
const impairs: string[] = [];
const partitions: string[] = [];
const faults: string[] = [];
const captures: { target: string | undefined; file: string }[] = [];
let k = 0;
const value = (): string => argv[++k] ?? fail(`${argv[k - 1]} needs a value`);
for (; k < argv.length && argv[k] !== "--"; k++) {
  const a = argv[k]!;
  switch (a) {
    case "--hosts":
      n = Number(value());
      break;
    case "--routed":
      routed = true;
      break;
    case "--snooping": {
      const v = value();
      if (v !== "on" && v !== "off") fail("--snooping takes on or off");
      snooping = v === "on";
      break;
    }
    case "--loss":
    case "--delay":
    case "--duplicate":
    case "--reorder":
    case "--corrupt":
    case "--rate": {
      const { target, words } = flag(a.slice(2), value());
      impairs.push(`${target} ${words.join(" ")}`);
      break;
    }
    case "--impair":
      impairs.push(value());
      break;
    case "--partition":
      partitions.push(value());
      break;
    case "--fault":
      faults.push(value());
      break;
    case "--capture": {
      const v = value();
      const eq = v.indexOf("=");
      captures.push(eq < 0 ? { target: undefined, file: v } : { target: v.slice(0, eq), file: v.slice(eq + 1) });
      break;
    }
    case "--summary":
      summary = true;
      break;
    default:
      fail(`unknown option ${a}`);
  }
}
const cmd = argv.slice(k + 1);
if (cmd.length === 0) fail("no COMMAND (it goes after --)");
if (!(Number.isInteger(n) && n >= 1 && n <= 50)) fail("--hosts takes 1..50");
// Check every line before building anything.
try {
  for (const l of impairs) {
    const [t, ...words] = l.trim().split(/\s+/);
    parseTarget(t ?? "");
    parseNetem(words);
  }
  for (const f of faults) parseFault(f.trim().split(/\s+/));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

let lab: Lab;
try {
  lab = routed ? routedLab(n, { snooping }) : flatLab(n, { snooping });
  for (const l of impairs) lab.command(`impair ${l}`);
  for (const p of partitions) lab.command(`partition ${p}`);
  for (const c of captures) lab.startCapture(c.target, c.file);
} catch (e) {
  console.error(`berkeley-sockets-lab: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const env = { ...process.env };
for (const [name, segs] of Object.entries(lab.spec.hosts)) {
  const key = name.toUpperCase();
  env[`LAB_${key}`] = lab.ns(name);
  env[`LAB_${key}_ADDR`] = lab.addr(name, segs[0]!);
  console.error(`lab: ${name} = ${lab.ns(name)} ${segs.map((s) => `${lab.ifname(name, s)} ${lab.addr(name, s)}`).join(", ")}`);
}
for (const i of lab.impairments()) console.error(`lab: impair ${i.target}${i.direction === "segment" ? "" : `:${i.direction}`} ${i.netem}`);
env.LAB_CONTROL = lab.serve();
env.LAB_CTL = `${process.execPath} ${fileURLToPath(import.meta.url)} ctl`;
const child = spawn(cmd[0]!, cmd.slice(1), { stdio: "inherit", env });
for (const f of faults) lab.command(`fault ${f}`);
const status = await new Promise<number>((res) => {
  child.on("error", (e) => {
    console.error(`berkeley-sockets-lab: ${cmd[0]}: ${e.message}`);
    res(127);
  });
  child.on("exit", (code, sig) => res(code ?? 128 + (sig === null ? 0 : (constants.signals[sig] ?? 0))));
});
if (summary) {
  for (const c of captures) {
    const pk = lab.capture(c.target ?? lab.spec.segments[0]!);
    console.log(`capture ${c.target ?? lab.spec.segments[0]} (${c.file}): ${pk.length} packets`);
    for (const p of pk) console.log(`  ${formatSummary(p, pk[0]!.time)}`);
  }
}
lab.destroy();
process.exit(status);
