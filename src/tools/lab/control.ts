// The lab's control language: one command a line, the same from the
// berkeley-sockets-lab command line (--fault, `ctl`), from the control socket
// that programs inside the lab reach through $LAB_CONTROL, and from
// lab.command(). Impairments use tc-netem(8)'s words.
//
//   impair TARGET[:out|:in|:both] loss 10% [25%] | loss gemodel P [R [1-H [1-K]]]
//          delay 20ms [5ms] [distribution normal] | duplicate 1% | reorder 25% | corrupt 0.1% | rate 1mbit ...
//   clear [TARGET[:out|:in|:both]]
//   partition H [H...] / H [H...] [/ ...]      heal
//   down HOST [SEGMENT]   up HOST [SEGMENT]
//   freeze HOST   thaw HOST   crash HOST   restart HOST
//   fault transient|intermittent|permanent [at T] [for T] [on T] [off T] [count N] ACTION
//          (ACTION: partition ..., down H, freeze H, crash H, impair TARGET ...)
//   snooping on|off [SEGMENT]   mdb [SEGMENT]   show   stats [SEGMENT]
// TARGET is a segment, a host, or * (every segment).
import { connect } from "node:net";
import type { FaultAction, FaultKind, FaultTiming } from "./faults.js";
import { type Direction, parseNetem, parseTime } from "./impairment.js";
import type { Lab } from "./lab.js";

/** Splits TARGET[:dir]. */
export function parseTarget(t: string): { target: string; direction: Direction } {
  const m = /^([^:]+)(?::(out|in|both))?$/.exec(t);
  if (!m) throw new TypeError(`bad target ${JSON.stringify(t)} (HOST, HOST:out, HOST:in, SEGMENT or *)`);
  return { target: m[1]!, direction: (m[2] as Direction | undefined) ?? "both" };
}

/** "h1 / h2,h3 h4" -> [["h1"], ["h2","h3","h4"]]. */
function groups(words: string[]): string[][] {
  const gs: string[][] = [[]];
  for (const w of words.flatMap((x) => x.split(/(\/)/)).flatMap((x) => x.split(",")).filter(Boolean)) {
    if (w === "/") gs.push([]);
    else gs.at(-1)!.push(w);
  }
  if (gs.some((g) => g.length === 0)) throw new TypeError("partition: each group needs at least one host (groups are separated by /)");
  return gs;
}

function one(words: string[], what: string): string {
  if (words.length !== 1) throw new TypeError(`${what} takes one host`);
  return words[0]!;
}

/** Parses a fault action (the words after the timing). */
export function parseAction(words: string[]): FaultAction {
  const [verb, ...rest] = words;
  switch (verb) {
    case "partition":
      return { partition: groups(rest) };
    case "down":
      return { down: one(rest, "down") };
    case "freeze":
      return { freeze: one(rest, "freeze") };
    case "crash":
      return { crash: one(rest, "crash") };
    case "impair": {
      const [t, ...netem] = rest;
      if (t === undefined) throw new TypeError("impair needs a target");
      const { target, direction } = parseTarget(t);
      return { impair: target, with: parseNetem(netem), direction };
    }
    default:
      throw new TypeError(`a fault's action is partition, down, freeze, crash or impair, not ${JSON.stringify(verb)}`);
  }
}

/** Parses `KIND [at T] [for T] [on T] [off T] [count N] ACTION...`. */
export function parseFault(words: string[]): { kind: FaultKind; timing: FaultTiming; action: FaultAction } {
  const [kind, ...rest] = words;
  if (kind !== "transient" && kind !== "intermittent" && kind !== "permanent") throw new TypeError(`fault: kind must be transient, intermittent or permanent, not ${JSON.stringify(kind)}`);
  const timing: FaultTiming = {};
  let i = 0;
  const keys: Record<string, keyof FaultTiming> = { at: "at", for: "duration", on: "on", off: "off", count: "count" };
  while (i < rest.length && keys[rest[i]!] !== undefined) {
    const k = keys[rest[i]!]!;
    const v = rest[i + 1];
    if (v === undefined) throw new TypeError(`fault: ${rest[i]} needs a value`);
    timing[k] = k === "count" ? Number(v) : parseTime(v);
    i += 2;
  }
  return { kind, timing, action: parseAction(rest.slice(i)) };
}

/** Runs one command line on a lab; returns what it prints. */
export function runCommand(lab: Lab, line: string): string {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const [verb, ...rest] = words;
  switch (verb) {
    case undefined:
      return "";
    case "impair": {
      const [t, ...netem] = rest;
      if (t === undefined) throw new TypeError("impair needs a target");
      const { target, direction } = parseTarget(t);
      lab.impair(target, parseNetem(netem), direction);
      return "";
    }
    case "clear": {
      if (rest.length === 0) lab.clear();
      else {
        const { target, direction } = parseTarget(rest[0]!);
        lab.clear(target, direction);
      }
      return "";
    }
    case "partition":
      lab.partition(...groups(rest));
      return "";
    case "heal":
      lab.heal();
      return "";
    case "down":
    case "up":
      if (rest.length < 1 || rest.length > 2) throw new TypeError(`${verb} takes a host and optionally a segment`);
      if (verb === "down") lab.down(rest[0]!, rest[1]);
      else lab.up(rest[0]!, rest[1]);
      return "";
    case "freeze":
      lab.freeze(one(rest, verb));
      return "";
    case "thaw":
      lab.thaw(one(rest, verb));
      return "";
    case "crash":
      return lab.crash(one(rest, verb)).map((p) => `killed ${p.pid} ${p.argv.join(" ")}`).join("\n");
    case "restart":
      return lab.restart(one(rest, verb)).map((c) => `started ${c.pid}`).join("\n");
    case "fault": {
      const f = parseFault(rest);
      lab.fault(f.kind, f.action, f.timing);
      return "";
    }
    case "snooping": {
      const [on, seg] = rest;
      if (on !== "on" && on !== "off") throw new TypeError("snooping on|off [SEGMENT]");
      lab.snooping(on === "on", seg);
      return "";
    }
    case "mdb":
      return lab
        .mdb(rest[0])
        .map((e) => `${e.segment} ${e.group} ${e.host} ${e.state}`)
        .join("\n");
    case "show": {
      const imp = lab.impairments().map((i) => `impair ${i.target}${i.direction === "segment" ? "" : `:${i.direction}`} ${i.netem}`);
      const parts = lab.partitions().map((p) => `partition ${p.map((g) => g.join(" ")).join(" / ")}`);
      return [...imp, ...parts].join("\n");
    }
    case "stats":
      return JSON.stringify(lab.engineStats(rest[0] ?? lab.spec.segments[0]!));
    default:
      throw new TypeError(`unknown command ${JSON.stringify(verb)} (impair, clear, partition, heal, down, up, freeze, thaw, crash, restart, fault, snooping, mdb, show, stats)`);
  }
}

/**
 * Sends one command over a unix(7) stream socket to a running lab's control socket (by default the one in
 * $LAB_CONTROL, which berkeley-sockets-lab sets for the commands it runs) and
 * resolves with its output once the lab has carried it out.
 */
export function control(line: string, path = process.env.LAB_CONTROL): Promise<string> {
  if (path === undefined || path === "") return Promise.reject(new Error("lab control: LAB_CONTROL is not set (run inside berkeley-sockets-lab)"));
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let got = "";
    s.setEncoding("utf8");
    s.on("connect", () => s.end(`${line.replace(/\n/g, " ")}\n`));
    s.on("data", (d: string) => (got += d));
    s.on("error", reject);
    s.on("close", () => {
      if (got.startsWith("ok\n") || got === "ok") resolve(got.slice(3).replace(/\n$/, ""));
      else reject(new Error(got.replace(/^error: /, "").trim() || "lab control: no answer"));
    });
  });
}
