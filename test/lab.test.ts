// Multicast, broadcast and their options on real traffic between lab hosts
// (network namespaces joined by bridges; see src/tools/lab/lab.ts). Topology:
//   segment a: h1 h2 h3 m r        segment b: b1 m r
// r is a router (unicast forwarding, smcroute forwards 239.1.1.1 from a to b),
// m has one interface on each segment. Skipped, with the reason, without root.
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EACCES, EADDRINUSE, ENOPROTOOPT, EINVAL, EADDRNOTAVAIL } from "../src/index.js";
import { hasSmcroute, Lab, labUnavailable } from "../src/tools/lab/lab.js";
import { root } from "./helpers.js";

const why = labUnavailable() ?? (hasSmcroute() ? null : "smcroute is not installed (run scripts/deps.sh)");
let agentPath = "";

/** Builds dist/ and bundles the agent to JavaScript over it (plain node starts far faster than tsx). */
function buildAgent(): string {
  const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), "bsl-agent-"));
  const out = join(dir, "agent.mjs");
  const r = spawnSync(join(root, "node_modules", ".bin", "esbuild"), [join(root, "test", "fixtures", "agent.ts"), "--format=esm", "--target=es2022"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
  writeFileSync(out, r.stdout.replaceAll('"../../src/index.js"', JSON.stringify(pathToFileURL(join(root, "dist", "index.js")).href)));
  return out;
}
type Line = Record<string, unknown> & { op: string };
type Got = { data: string; from: string; ttl?: number; tos?: number; ifindex?: number; dst?: string; hops?: number }[];

let lab: Lab;

interface Agent {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<Line[]>;
}

/** Runs the agent's steps on host; ready resolves at the first {op:"print", text:"ready"}. */
function agent(host: string, steps: object[]): Agent {
  const child = lab.spawn(host, process.execPath, [agentPath, JSON.stringify(steps)], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let readyFn!: () => void;
  const ready = new Promise<void>((res) => (readyFn = res));
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    if (stdout.includes('"text":"ready"')) readyFn();
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<Line[]>((res, rej) =>
    child.on("close", (code) => {
      if (code !== 0) rej(new Error(`agent on ${host} exited ${code}:\n${stdout}\n${stderr}`));
      else res(stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line));
      readyFn();
    }),
  );
  done.catch(() => {}); // senders killed on purpose end with a signal; awaiting code still sees the rejection
  return { child, ready, done };
}

const recvs = (lines: Line[]): Got[] => lines.filter((l) => l.op === "recv").map((l) => l.got as Got);
const sets = (lines: Line[]): Line[] => lines.filter((l) => l.op === "set");
const gets = (lines: Line[]): Line[] => lines.filter((l) => l.op === "get");
const datas = (g: Got): string[] => g.map((x) => x.data);
const udp = (id = "s", family = 4): object => ({ op: "socket", id, family });
const set = (opt: string, value: unknown, id = "s", level?: string): object => ({
  op: "set", id, opt, value,
  level: level ?? (opt.startsWith("IPV6_") ? "IPPROTO_IPV6" : opt.startsWith("SO_") ? "SOL_SOCKET" : "IPPROTO_IP"),
});
const get = (opt: string, kind: string, id = "s"): object => ({
  op: "get", id, opt, kind, level: opt.startsWith("IPV6_") ? "IPPROTO_IPV6" : opt.startsWith("SO_") ? "SOL_SOCKET" : "IPPROTO_IP",
});
const bindAny = (port: number, id = "s", family = 4): object => ({ op: "bind", id, addr: family === 4 ? "0.0.0.0" : "::", port });
/** Setup is done: print "ready", then block until the test says go. */
const ready = [{ op: "print", text: "ready" }, { op: "wait" }];

/** Releases agents blocked at ready (once each has reached it). */
async function go(...agents: Agent[]): Promise<void> {
  await Promise.all(agents.map((a) => a.ready));
  for (const a of agents) a.child.stdin!.end("\n");
}

/** Releases senders and waits until they have sent everything. */
async function send(...senders: Agent[]): Promise<void> {
  await go(...senders);
  await Promise.all(senders.map((s) => s.done));
}

/** A sender that sends `data` every gapMs, count times. */
function sender(host: string, to: string, port: number, data: string, count: number, extra: object[] = [], gapMs = 100, family = 4): Agent {
  return agent(host, [udp("s", family), ...extra, ...ready, { op: "send", id: "s", to, port, data, count, gapMs }]);
}

describe.skipIf(why !== null)("network lab", () => {
  beforeAll(() => {
    agentPath = buildAgent();
    lab = new Lab({
      segments: ["a", "b"],
      hosts: { h1: ["a"], h2: ["a"], h3: ["a"], m: ["a", "b"], r: ["a", "b"], b1: ["b"] },
      router: "r",
      mroutes: [{ from: "a", group: "239.1.1.1", to: ["b"] }],
    });
  }, 60_000);
  afterAll(() => {
    lab?.destroy();
    if (agentPath !== "") rmSync(dirname(agentPath), { recursive: true, force: true });
  });

  it("refuses a namespace that gained a default route or a foreign interface (even one named like a lab interface)", () => {
    const ns = lab.ns("h3");
    lab.exec("h3", "ip", ["route", "add", "default", "via", lab.addr("h2", "a")]);
    expect(() => lab.ns("h3")).toThrow(/default route/);
    expect(lab.ns("r")).toMatch(/-r$/); // the others are still fine
    expect(spawnSync("ip", ["-n", ns, "route", "del", "default"]).status).toBe(0);
    expect(spawnSync("ip", ["link", "add", "eth9", "netns", ns, "type", "veth", "peer", "name", "eth8", "netns", ns]).status).toBe(0);
    expect(() => lab.ns("h3")).toThrow(/interfaces the lab did not create: eth9, eth8|eth8, eth9/);
    expect(spawnSync("ip", ["-n", ns, "link", "del", "eth9"]).status).toBe(0);
    // An impostor: eth0 replaced by a veth whose peer is not in a lab switch.
    const h2 = lab.ns("h2");
    expect(spawnSync("ip", ["-n", h2, "link", "set", "eth0", "name", "eth0real"]).status).toBe(0);
    expect(spawnSync("ip", ["link", "add", "eth0", "netns", h2, "type", "veth", "peer", "name", "imp", "netns", h2]).status).toBe(0);
    expect(() => lab.ns("h2")).toThrow(/did not create: .*eth0/);
    expect(spawnSync("ip", ["-n", h2, "link", "del", "eth0"]).status).toBe(0);
    expect(spawnSync("ip", ["-n", h2, "link", "set", "eth0real", "name", "eth0"]).status).toBe(0);
    expect(lab.ns("h2")).toBe(h2);
    expect(lab.ns("h3")).toBe(ns);
  });

  it("a group joined on h1 receives from h2 and h3; h3, which did not join, receives nothing; membership shows in /proc/net/igmp", async () => {
    const rx = agent("h1", [udp(), set("SO_REUSEADDR", 1), bindAny(5001), set("IP_ADD_MEMBERSHIP", { ip_mreq: ["239.1.1.1", lab.addr("h1", "a")] }), { op: "proc", file: "/proc/net/igmp" }, ...ready, { op: "recv", waitMs: 1500 }]);
    const other = agent("h3", [udp(), bindAny(5001), ...ready, { op: "recv", waitMs: 1500 }]);
    await Promise.all([rx.ready, other.ready]);
    await send(sender("h2", "239.1.1.1", 5001, "from-h2", 3), sender("h3", "239.1.1.1", 5001, "from-h3", 3));
    await go(rx, other);
    const lines = await rx.done;
    expect(sets(lines).every((l) => l.r === 0)).toBe(true);
    expect(lines.find((l) => l.op === "proc")!.text).toMatch(/eth0[\s\S]*010101EF/);
    const got = recvs(lines)[0]!;
    expect(new Set(datas(got))).toEqual(new Set(["from-h2", "from-h3"]));
    expect(new Set(got.map((g) => g.from))).toEqual(new Set([lab.addr("h2", "a"), lab.addr("h3", "a")]));
    expect(recvs(await other.done)[0]).toEqual([]);
  });

  it("ip_mreqn joins by interface index; IP_DROP_MEMBERSHIP stops delivery and leaves /proc/net/igmp", async () => {
    const g = "239.5.5.5";
    const rx = agent("h1", [
      udp(), bindAny(5002), set("IP_ADD_MEMBERSHIP", { ip_mreqn: [g, "0.0.0.0", "eth0"] }), ...ready,
      { op: "recv", waitMs: 1500, max: 2 },
      set("IP_DROP_MEMBERSHIP", { ip_mreqn: [g, "0.0.0.0", "eth0"] }), { op: "proc", file: "/proc/net/igmp" },
      { op: "recv", waitMs: 300 }, { op: "recv", waitMs: 800 },
    ]);
    const s = sender("h2", g, 5002, "tick", 30);
    await go(rx, s);
    const lines = await rx.done;
    s.child.kill();
    expect(sets(lines).map((l) => l.r)).toEqual([0, 0]);
    const [before, , after] = recvs(lines);
    expect(datas(before!)).toEqual(["tick", "tick"]);
    expect(after).toEqual([]);
    expect(lines.find((l) => l.op === "proc")!.text).not.toMatch(/050505EF/);
  });

  it("IP_MULTICAST_TTL=1 stays on its segment, TTL=2 crosses the router; IP_RECVTTL shows the TTL; unicast crosses either way", async () => {
    const join = (h: string, seg: string): object[] => [udp(), set("SO_REUSEADDR", 1), bindAny(5003), set("IP_ADD_MEMBERSHIP", { ip_mreq: ["239.1.1.1", lab.addr(h, seg)] }), set("IP_RECVTTL", 1), ...ready, { op: "recv", waitMs: 2000 }];
    const near = agent("h2", join("h2", "a"));
    const far = agent("b1", join("b1", "b"));
    await Promise.all([near.ready, far.ready]);
    const tx = agent("h1", [
      udp(), set("IP_MULTICAST_TTL", 1), get("IP_MULTICAST_TTL", "int"), { op: "send", to: "239.1.1.1", port: 5003, data: "ttl1", count: 2, gapMs: 50 },
      set("IP_MULTICAST_TTL", 2), get("IP_MULTICAST_TTL", "int"), { op: "send", to: "239.1.1.1", port: 5003, data: "ttl2", count: 2, gapMs: 50 },
      // IP_MULTICAST_TTL does not apply to unicast: this one crosses with the default TTL (64, minus one hop).
      set("IP_MULTICAST_TTL", 1), { op: "send", to: lab.addr("b1", "b"), port: 5003, data: "unicast", count: 1 },
    ]);
    const t = await tx.done;
    await go(near, far);
    expect(gets(t).map((l) => l.value)).toEqual([1, 2]);
    const n = recvs(await near.done)[0]!;
    const f = recvs(await far.done)[0]!;
    expect(datas(n)).toEqual(["ttl1", "ttl1", "ttl2", "ttl2"]);
    expect(n.map((x) => x.ttl)).toEqual([1, 1, 2, 2]);
    expect(datas(f)).toEqual(["ttl2", "ttl2", "unicast"]);
    expect(f.map((x) => x.ttl)).toEqual([1, 1, 63]);
  });

  it("IP_TTL sets the unicast TTL (seen with IP_RECVTTL, one less past the router; TTL 1 does not cross); IP_TOS is seen with IP_RECVTOS", async () => {
    const rx = agent("b1", [udp(), bindAny(5004), set("IP_RECVTTL", 1), set("IP_RECVTOS", 1), ...ready, { op: "recv", waitMs: 1500 }]);
    await rx.ready;
    const tx = agent("h1", [
      udp(), set("IP_TTL", 5), get("IP_TTL", "int"), set("IP_TOS", 0x20), get("IP_TOS", "int"),
      { op: "send", to: lab.addr("b1", "b"), port: 5004, data: "ttl5", count: 1 },
      set("IP_TTL", 1), { op: "send", to: lab.addr("b1", "b"), port: 5004, data: "ttl1", count: 1 },
    ]);
    const t = await tx.done;
    await go(rx);
    expect(gets(t).map((l) => l.value)).toEqual([5, 0x20]);
    const got = recvs(await rx.done)[0]!;
    expect(got).toEqual([expect.objectContaining({ data: "ttl5", ttl: 4, tos: 0x20 })]);
  });

  it("on a host with two interfaces, IP_MULTICAST_IF (in_addr, then ip_mreqn) picks the segment", async () => {
    const g = "239.2.2.2";
    const join = (h: string, seg: string): object[] => [udp(), bindAny(5005), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr(h, seg)] }), ...ready, { op: "recv", waitMs: 2000 }];
    const ra = agent("h1", join("h1", "a"));
    const rb = agent("b1", join("b1", "b"));
    await Promise.all([ra.ready, rb.ready]);
    const tx = agent("m", [
      udp(), set("IP_MULTICAST_IF", { in_addr: lab.addr("m", "b") }), get("IP_MULTICAST_IF", "in_addr"),
      { op: "send", to: g, port: 5005, data: "via-b", count: 2, gapMs: 50 },
      set("IP_MULTICAST_IF", { ip_mreqn: ["0.0.0.0", "0.0.0.0", "eth0"] }),
      { op: "send", to: g, port: 5005, data: "via-a", count: 2, gapMs: 50 },
    ]);
    const t = await tx.done;
    await go(ra, rb);
    expect(gets(t)[0]!.value).toBe(lab.addr("m", "b"));
    expect(sets(t).map((l) => l.r)).toEqual([0, 0]);
    expect(datas(recvs(await ra.done)[0]!)).toEqual(["via-a", "via-a"]);
    expect(datas(recvs(await rb.done)[0]!)).toEqual(["via-b", "via-b"]);
  });

  it("subnet broadcast: EACCES without SO_BROADCAST; with it, every host on the segment receives and no other", async () => {
    const hosts: [string, string][] = [["h1", "a"], ["h3", "a"], ["m", "a"], ["b1", "b"]];
    const rxs = hosts.map(([h]) => agent(h, [udp(), bindAny(5006), ...ready, { op: "recv", waitMs: 1500 }]));
    await Promise.all(rxs.map((r) => r.ready));
    const tx = agent("h2", [
      udp(), { op: "send", to: lab.broadcast("a"), port: 5006, data: "no", count: 1 },
      get("SO_BROADCAST", "int"), set("SO_BROADCAST", 1), get("SO_BROADCAST", "int"),
      { op: "send", to: lab.broadcast("a"), port: 5006, data: "bcast", count: 2, gapMs: 50 },
    ]);
    const t = await tx.done;
    await go(...rxs);
    const sends = t.filter((l) => l.op === "send");
    expect(sends[0]).toMatchObject({ r: [-1], errno: EACCES });
    expect(sends[1]).toMatchObject({ r: [5, 5] });
    expect(gets(t).map((l) => l.value)).toEqual([0, 1]);
    const got = await Promise.all(rxs.map(async (r) => datas(recvs(await r.done)[0]!)));
    expect(got).toEqual([["bcast", "bcast"], ["bcast", "bcast"], ["bcast", "bcast"], []]);
  });

  it("IP_MULTICAST_LOOP: 0 keeps a host's own datagrams from its own sockets, 1 delivers them", async () => {
    const g = "239.6.6.6";
    const a = agent("h1", [
      udp("rx"), bindAny(5007, "rx"), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("h1", "a")] }, "rx"),
      udp("tx"), get("IP_MULTICAST_LOOP", "int", "tx"), set("IP_MULTICAST_LOOP", 0, "tx"), get("IP_MULTICAST_LOOP", "int", "tx"),
      { op: "send", id: "tx", to: g, port: 5007, data: "noloop", count: 1 }, { op: "recv", id: "rx", waitMs: 400 },
      set("IP_MULTICAST_LOOP", 1, "tx"), { op: "send", id: "tx", to: g, port: 5007, data: "loop", count: 1 }, { op: "recv", id: "rx", waitMs: 400 },
    ]);
    const lines = await a.done;
    expect(gets(lines).map((l) => l.value)).toEqual([1, 0]);
    expect(recvs(lines).map(datas)).toEqual([[], ["loop"]]);
  });

  it("IP_MULTICAST_ALL=0: a socket that did not join gets nothing though another socket on the host joined", async () => {
    const g = "239.7.7.7";
    const rx = agent("h1", [
      udp("j"), set("SO_REUSEADDR", 1, "j"), bindAny(5008, "j"), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("h1", "a")] }, "j"),
      udp("all"), set("SO_REUSEADDR", 1, "all"), bindAny(5008, "all"), get("IP_MULTICAST_ALL", "int", "all"),
      udp("none"), set("SO_REUSEADDR", 1, "none"), bindAny(5008, "none"), set("IP_MULTICAST_ALL", 0, "none"), get("IP_MULTICAST_ALL", "int", "none"),
      ...ready, { op: "recv", id: "j", waitMs: 1000 }, { op: "recv", id: "all", waitMs: 100 }, { op: "recv", id: "none", waitMs: 100 },
    ]);
    await rx.ready;
    await send(sender("h2", g, 5008, "x", 2, [], 50));
    await go(rx);
    const lines = await rx.done;
    expect(gets(lines).map((l) => l.value)).toEqual([1, 0]);
    expect(recvs(lines).map(datas)).toEqual([["x", "x"], ["x", "x"], []]);
  });

  /** h2 and h3 send to g:port every 100 ms while the receiver on h1 runs steps; returns the receiver's lines. */
  async function withTwoSources(g: string, port: number, steps: object[]): Promise<Line[]> {
    const rx = agent("h1", [udp(), bindAny(port), ...steps]);
    // Enough datagrams to outlast every phase; killed when the receiver is done.
    const s2 = sender("h2", g, port, "h2", 150);
    const s3 = sender("h3", g, port, "h3", 150);
    await go(rx, s2, s3);
    try {
      return await rx.done;
    } finally {
      s2.child.kill();
      s3.child.kill();
    }
  }
  // A phase: change the filter, let in-flight datagrams drain, then collect for 700 ms.
  // The kernel's view after each change (the "get" of a source filter): /proc/net/mcfilter.
  const phase = (...s: object[]): object[] => [...s, { op: "proc", file: "/proc/net/mcfilter" }, { op: "recv", waitMs: 250 }, { op: "recv", waitMs: 700 }];
  /** Per phase, the sources /proc/net/mcfilter lists for group g on eth0, as "include h2" / "exclude h3". */
  const filters = (lines: Line[], g: string): string[][] => {
    const hex = (a: string): string => `0x${a.split(".").map((x) => Number(x).toString(16).padStart(2, "0")).join("")}`;
    const names = new Map(["h1", "h2", "h3"].map((h) => [hex(lab.addr(h, "a")), h]));
    return lines
      .filter((l) => l.op === "proc" && (l.text as string).startsWith("Idx"))
      .map((l) =>
        (l.text as string)
          .split("\n")
          .map((row) => row.trim().split(/\s+/))
          .filter((f) => f[1] === "eth0" && f[2] === hex(g))
          .map((f) => `${f[4] === "1" ? "include" : "exclude"} ${names.get(f[3]!) ?? f[3]}`),
      );
  };
  const sources = (lines: Line[]): string[][] => recvs(lines).filter((_, k) => k % 2 === 1).map((g) => [...new Set(datas(g))].sort());

  it("source filters with ip_mreq_source: ADD_SOURCE_MEMBERSHIP admits one source, DROP_SOURCE_MEMBERSHIP none; BLOCK/UNBLOCK_SOURCE on an any-source join", async () => {
    const h1 = lab.addr("h1", "a"), h2 = lab.addr("h2", "a"), h3 = lab.addr("h3", "a");
    const lines = await withTwoSources("232.1.1.1", 5009, [
      ...ready,
      ...phase(set("IP_ADD_SOURCE_MEMBERSHIP", { ip_mreq_source: ["232.1.1.1", h1, h2] })),
      ...phase(set("IP_DROP_SOURCE_MEMBERSHIP", { ip_mreq_source: ["232.1.1.1", h1, h2] })),
      ...phase(set("IP_ADD_MEMBERSHIP", { ip_mreq: ["232.1.1.1", h1] })),
      ...phase(set("IP_BLOCK_SOURCE", { ip_mreq_source: ["232.1.1.1", h1, h3] })),
      ...phase(set("IP_UNBLOCK_SOURCE", { ip_mreq_source: ["232.1.1.1", h1, h3] })),
    ]);
    expect(sets(lines).map((l) => [l.opt, l.r])).toEqual([
      ["IP_ADD_SOURCE_MEMBERSHIP", 0], ["IP_DROP_SOURCE_MEMBERSHIP", 0], ["IP_ADD_MEMBERSHIP", 0], ["IP_BLOCK_SOURCE", 0], ["IP_UNBLOCK_SOURCE", 0],
    ]);
    expect(filters(lines, "232.1.1.1")).toEqual([["include h2"], [], [], ["exclude h3"], []]);
    expect(sources(lines)).toEqual([["h2"], [], ["h2", "h3"], ["h2"], ["h2", "h3"]]);
  });

  it("source filters with group_req/group_source_req: MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_SOURCE_GROUP, MCAST_JOIN_GROUP, MCAST_BLOCK_SOURCE, MCAST_UNBLOCK_SOURCE, MCAST_LEAVE_GROUP", async () => {
    const h2 = lab.addr("h2", "a"), h3 = lab.addr("h3", "a");
    const g = "232.2.2.2";
    const lines = await withTwoSources(g, 5010, [
      ...ready,
      ...phase(set("MCAST_JOIN_SOURCE_GROUP", { group_source_req: ["eth0", g, h3] })),
      ...phase(set("MCAST_LEAVE_SOURCE_GROUP", { group_source_req: ["eth0", g, h3] })),
      ...phase(set("MCAST_JOIN_GROUP", { group_req: ["eth0", g] })),
      ...phase(set("MCAST_BLOCK_SOURCE", { group_source_req: ["eth0", g, h2] })),
      ...phase(set("MCAST_UNBLOCK_SOURCE", { group_source_req: ["eth0", g, h2] })),
      ...phase(set("MCAST_LEAVE_GROUP", { group_req: ["eth0", g] })),
    ]);
    expect(sets(lines).every((l) => l.r === 0)).toBe(true);
    expect(sources(lines)).toEqual([["h3"], [], ["h2", "h3"], ["h3"], ["h2", "h3"], []]);
    expect(filters(lines, g)).toEqual([["include h3"], [], [], ["exclude h2"], [], []]);
  });

  it("SO_REUSEADDR and SO_REUSEPORT: two receivers on one port both get every datagram; without either, EADDRINUSE", async () => {
    const g = "239.8.8.8";
    const mk = (opt: string | null): object[] => [
      udp("a"), ...(opt ? [set(opt, 1, "a"), get(opt, "int", "a")] : []), bindAny(5011, "a"), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("h1", "a")] }, "a"),
      udp("b"), ...(opt ? [set(opt, 1, "b")] : []), bindAny(5011, "b"), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("h1", "a")] }, "b"),
    ];
    for (const opt of ["SO_REUSEADDR", "SO_REUSEPORT"]) {
      const rx = agent("h1", [...mk(opt), ...ready, { op: "recv", id: "a", waitMs: 1000 }, { op: "recv", id: "b", waitMs: 200 }]);
      await rx.ready;
      await send(sender("h2", g, 5011, opt, 2, [], 50));
      await go(rx);
      const lines = await rx.done;
      expect(lines.filter((l) => l.op === "bind").map((l) => l.r)).toEqual([0, 0]);
      expect(gets(lines)[0]!.value).toBe(1);
      expect(recvs(lines).map(datas)).toEqual([[opt, opt], [opt, opt]]);
    }
    const plain = await agent("h1", mk(null)).done;
    expect(plain.filter((l) => l.op === "bind").map((l) => [l.r, l.errno])).toEqual([[0, 0], [-1, EADDRINUSE]]);
  });

  it("SO_BINDTODEVICE: on the two-interface host, a socket bound to eth1 hears segment b only", async () => {
    const g = "239.9.9.9";
    const rx = agent("m", [
      udp("dev"), set("SO_REUSEADDR", 1, "dev"), set("SO_BINDTODEVICE", { str: "eth1" }, "dev"), get("SO_BINDTODEVICE", "str", "dev"), bindAny(5012, "dev"),
      udp("any"), set("SO_REUSEADDR", 1, "any"), bindAny(5012, "any"),
      set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("m", "a")] }, "any"), set("IP_ADD_MEMBERSHIP", { ip_mreq: [g, lab.addr("m", "b")] }, "any"),
      ...ready, { op: "recv", id: "any", waitMs: 1200 }, { op: "recv", id: "dev", waitMs: 100 },
    ]);
    await rx.ready;
    await send(sender("h1", g, 5012, "from-a", 1), sender("b1", g, 5012, "from-b", 1));
    await go(rx);
    const lines = await rx.done;
    expect(gets(lines)[0]!.value).toBe("eth1");
    const [any, dev] = recvs(lines);
    expect(datas(any!).sort()).toEqual(["from-a", "from-b"]);
    expect(datas(dev!)).toEqual(["from-b"]);
  });

  it("IPv6: IPV6_JOIN_GROUP receives, IPV6_MULTICAST_HOPS sets the hop limit, IPV6_MULTICAST_IF picks the interface, IPV6_LEAVE_GROUP stops delivery", async () => {
    const g = "ff15::1234";
    const rx = agent("h1", [
      udp("s", 6), bindAny(5013, "s", 6), set("IPV6_JOIN_GROUP", { ipv6_mreq: [g, "eth0"] }), set("IPV6_RECVHOPLIMIT", 1), set("IPV6_RECVPKTINFO", 1),
      { op: "proc", file: "/proc/net/igmp6" }, ...ready, { op: "recv", waitMs: 1500, max: 2 },
      set("IPV6_LEAVE_GROUP", { ipv6_mreq: [g, "eth0"] }), { op: "recv", waitMs: 300 }, { op: "recv", waitMs: 800 },
    ]);
    const tx = sender("h2", g, 5013, "six", 30, [set("IPV6_MULTICAST_IF", lab.ifindex("h2", "a")), get("IPV6_MULTICAST_IF", "int"), set("IPV6_MULTICAST_HOPS", 7), get("IPV6_MULTICAST_HOPS", "int")], 100, 6);
    await go(rx, tx);
    const lines = await rx.done;
    tx.child.kill();
    const t = await tx.done.catch(() => []);
    void t;
    expect(sets(lines).every((l) => l.r === 0)).toBe(true);
    expect(lines.find((l) => l.op === "proc")!.text).toMatch(/eth0\s+ff150+1234/);
    const [first, , after] = recvs(lines);
    expect(first).toEqual([expect.objectContaining({ data: "six", hops: 7, dst: g, ifindex: lab.ifindex("h1", "a") }), expect.objectContaining({ data: "six" })]);
    expect(after).toEqual([]);
  });

  it("IPv6 through the protocol-independent calls: MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP with a group_req holding a sockaddr_in6", async () => {
    const g = "ff15::99";
    const rx = agent("h1", [
      udp("s", 6), bindAny(5017, "s", 6), set("MCAST_JOIN_GROUP", { group_req: ["eth0", g] }, "s", "IPPROTO_IPV6"), ...ready,
      { op: "recv", waitMs: 1500, max: 1 }, set("MCAST_LEAVE_GROUP", { group_req: ["eth0", g] }, "s", "IPPROTO_IPV6"),
      { op: "recv", waitMs: 300 }, { op: "recv", waitMs: 800 },
    ]);
    const tx = sender("h2", g, 5017, "mcast6", 30, [set("IPV6_MULTICAST_IF", lab.ifindex("h2", "a"))], 100, 6);
    await go(rx, tx);
    const lines = await rx.done;
    tx.child.kill();
    await tx.done.catch(() => []);
    expect(sets(lines).map((l) => l.r)).toEqual([0, 0]);
    const [first, , after] = recvs(lines);
    expect(datas(first!)).toEqual(["mcast6"]);
    expect(after).toEqual([]);
  });

  it("IPv6: IPV6_MULTICAST_LOOP and IPV6_MULTICAST_ALL effects; IPV6_MULTICAST_IF and IPV6_MULTICAST_HOPS round trips (hops default 1)", async () => {
    const g = "ff15::77";
    const lines = await agent("h1", [
      udp("rx", 6), set("SO_REUSEADDR", 1, "rx"), bindAny(5014, "rx", 6), set("IPV6_JOIN_GROUP", { ipv6_mreq: [g, "eth0"] }, "rx"),
      udp("none", 6), set("SO_REUSEADDR", 1, "none"), bindAny(5014, "none", 6), set("IPV6_MULTICAST_ALL", 0, "none"), get("IPV6_MULTICAST_ALL", "int", "none"),
      udp("tx", 6), set("IPV6_MULTICAST_IF", lab.ifindex("h1", "a"), "tx"), get("IPV6_MULTICAST_IF", "int", "tx"),
      get("IPV6_MULTICAST_HOPS", "int", "tx"), set("IPV6_MULTICAST_HOPS", 9, "tx"), get("IPV6_MULTICAST_HOPS", "int", "tx"),
      set("IPV6_MULTICAST_LOOP", 0, "tx"), get("IPV6_MULTICAST_LOOP", "int", "tx"),
      { op: "send", id: "tx", to: g, port: 5014, data: "noloop" }, { op: "recv", id: "rx", waitMs: 400 },
      set("IPV6_MULTICAST_LOOP", 1, "tx"), get("IPV6_MULTICAST_LOOP", "int", "tx"),
      { op: "send", id: "tx", to: g, port: 5014, data: "loop" }, { op: "recv", id: "rx", waitMs: 400 }, { op: "recv", id: "none", waitMs: 100 },
    ]).done;
    expect(sets(lines).every((l) => l.r === 0)).toBe(true);
    expect(gets(lines).map((l) => l.value)).toEqual([0, lab.ifindex("h1", "a"), 1, 9, 0, 1]);
    expect(recvs(lines).map(datas)).toEqual([[], ["loop"], []]);
  });

  it("IPV6_V6ONLY: 0 lets an IPv6 socket receive IPv4, 1 does not (and frees the port for IPv4)", async () => {
    const rx = agent("h1", [
      udp("dual", 6), get("IPV6_V6ONLY", "int", "dual"), set("IPV6_V6ONLY", 0, "dual"), bindAny(5015, "dual", 6),
      udp("only", 6), set("IPV6_V6ONLY", 1, "only"), get("IPV6_V6ONLY", "int", "only"), bindAny(5016, "only", 6),
      udp("v4"), bindAny(5016, "v4"),
      ...ready, { op: "recv", id: "dual", waitMs: 1000 }, { op: "recv", id: "only", waitMs: 100 }, { op: "recv", id: "v4", waitMs: 100 },
    ]);
    await rx.ready;
    await send(sender("h2", lab.addr("h1", "a"), 5015, "to-dual", 1), sender("h3", lab.addr("h1", "a"), 5016, "to-16", 1));
    await go(rx);
    const lines = await rx.done;
    expect(gets(lines).map((l) => l.value)).toEqual([0, 1]);
    expect(lines.filter((l) => l.op === "bind").map((l) => l.r)).toEqual([0, 0, 0]);
    const [dual, only, v4] = recvs(lines);
    expect(dual).toEqual([expect.objectContaining({ data: "to-dual", from: `::ffff:${lab.addr("h2", "a")}` })]);
    expect(only).toEqual([]);
    expect(datas(v4!)).toEqual(["to-16"]);
  });

  it("what the kernel refuses (Linux): the errno of each refused option, as C sees it", async () => {
    const h1 = lab.addr("h1", "a"), h2 = lab.addr("h2", "a");
    const lines = await agent("h1", [
      udp(), set("IP_ADD_MEMBERSHIP", { ip_mreq: ["239.1.2.3", h1] }), get("IP_ADD_MEMBERSHIP", "int"),
      set("IP_ADD_MEMBERSHIP", { ip_mreq: ["239.1.2.3", h1] }),
      set("IP_DROP_MEMBERSHIP", { ip_mreq: ["239.3.2.1", h1] }),
      set("IP_UNBLOCK_SOURCE", { ip_mreq_source: ["239.1.2.3", h1, h2] }),
      set("IP_ADD_SOURCE_MEMBERSHIP", { ip_mreq_source: ["232.3.3.3", h1, h2] }),
      set("IP_BLOCK_SOURCE", { ip_mreq_source: ["232.3.3.3", h1, h2] }),
      set("IP_MULTICAST_TTL", 256), set("IP_TTL", 0), set("IP_TTL", 256),
      set("IP_MULTICAST_IF", { in_addr: h2 }),
      set("IP_ADD_MEMBERSHIP", { ip_mreq: ["10.1.2.3", h1] }),
    ]).done;
    expect(gets(lines)[0]).toMatchObject({ errno: ENOPROTOOPT });
    expect(sets(lines).map((l) => [l.opt, l.errno])).toEqual([
      ["IP_ADD_MEMBERSHIP", 0],
      ["IP_ADD_MEMBERSHIP", EADDRINUSE], // already a member
      ["IP_DROP_MEMBERSHIP", EADDRNOTAVAIL], // not a member
      ["IP_UNBLOCK_SOURCE", EADDRNOTAVAIL], // that source was never blocked
      ["IP_ADD_SOURCE_MEMBERSHIP", 0],
      ["IP_BLOCK_SOURCE", EINVAL], // blocking needs an any-source (exclude-mode) join
      ["IP_MULTICAST_TTL", EINVAL], // 0..255, and -1 for the default
      ["IP_TTL", EINVAL], // 1..255, and -1 for the default
      ["IP_TTL", EINVAL],
      ["IP_MULTICAST_IF", EADDRNOTAVAIL], // not an address of this host
      ["IP_ADD_MEMBERSHIP", EINVAL], // not a multicast group
    ]);
  });
});

if (why !== null) {
  console.warn(`lab.test.ts: skipped: ${why}`);
  describe("network lab (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
