// The multicast and broadcast examples, C and TypeScript twins, run against
// each other in both directions and against python3's socket module, on lab
// hosts (network namespaces). Skipped, with the reason, without root.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Lab, labUnavailable } from "../src/tools/lab/lab.js";
import { compileC, peer, root, tsx, type Peer } from "./helpers.js";

const why = labUnavailable();
let lab: Lab;
const bin: Record<string, string> = {};
const NAMES = ["mcast_sender", "mcast_receiver", "bcast_sender", "bcast_receiver", "ssm_receiver", "mcast6_sender", "mcast6_receiver", "pktinfo_receiver"];

type Impl = "c" | "ts" | "py";
/** Runs example `name` (C binary, TS through tsx, or the python3 twin below) on host. */
function run(host: string, impl: Impl, name: string, args: string[]): Peer {
  const ns = lab.ns(host);
  if (impl === "c") return peer("ip", ["netns", "exec", ns, bin[name]!, ...args]);
  if (impl === "ts") return peer("ip", ["netns", "exec", ns, tsx, `examples/${name}.ts`, ...args]);
  return peer("ip", ["netns", "exec", ns, "python3", "-c", PY[name]!, ...args]);
}

// python3 peers: the same programs with the socket module (positional arguments only).
const PY: Record<string, string> = {
  mcast_sender: `import socket, sys
ifaddr, group, port, msg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ifaddr))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
n = s.sendto(msg.encode(), (group, port))
print(f"sent {n} bytes to {group}:{port} (ttl 1)", flush=True)`,
  mcast_receiver: `import socket, sys
ifaddr, count, group, port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", port))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + socket.inet_aton(ifaddr))
print(f"joined {group} on {ifaddr}", flush=True)
for _ in range(count):
    data, (host, _p) = s.recvfrom(1500)
    print(f"from {host}: {data.decode('latin1')}", flush=True)`,
  mcast6_sender: `import socket, sys
ifname, group, port, msg = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex(ifname))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
n = s.sendto(msg.encode(), (group, port))
print(f"sent {n} bytes to [{group}]:{port} (hops 1)", flush=True)`,
  bcast_receiver: `import socket, sys
count, port = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", port))
print(f"listening on port {port}", flush=True)
for _ in range(count):
    data, (host, _p) = s.recvfrom(1500)
    print(f"from {host}: {data.decode('latin1')}", flush=True)`,
};

async function finish(p: Peer): Promise<string> {
  const r = await p.exit();
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

describe.skipIf(why !== null)("multicast examples, C ↔ TypeScript ↔ python3", () => {
  beforeAll(() => {
    // The TypeScript examples import "berkeley-sockets", which resolves to dist/: build it.
    const tsc = spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root], { encoding: "utf8" });
    if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
    for (const n of NAMES) bin[n] = compileC(`examples/${n}.c`);
    lab = new Lab({ segments: ["lan"], hosts: { h1: ["lan"], h2: ["lan"], h3: ["lan"] } });
  }, 120_000);
  afterAll(() => lab?.destroy());
  const A = (h: string): string => lab.addr(h, "lan");

  it("C and TS receivers on one port both get every datagram from the C, TS and python3 senders", async () => {
    const g = "239.10.0.1";
    const rc = run("h1", "c", "mcast_receiver", ["-i", A("h1"), "-n", "3", g, "6001"]);
    const rt = run("h1", "ts", "mcast_receiver", ["-i", A("h1"), "-n", "3", g, "6001"]);
    await Promise.all([rc.line(/joined/), rt.line(/joined/)]);
    const sc = await finish(run("h2", "c", "mcast_sender", ["-i", A("h2"), g, "6001", "one"]));
    await rc.line(/one/);
    const st = await finish(run("h3", "ts", "mcast_sender", ["-i", A("h3"), g, "6001", "two"]));
    await rc.line(/two/);
    const sp = await finish(run("h2", "py", "mcast_sender", [A("h2"), g, "6001", "three"]));
    const [oc, ot] = await Promise.all([finish(rc), finish(rt)]);
    const expected = `joined ${g} on ${A("h1")}\nfrom ${A("h2")}: one\nfrom ${A("h3")}: two\nfrom ${A("h2")}: three\n`;
    expect(oc).toBe(expected);
    expect(ot).toBe(expected);
    expect([sc, st, sp]).toEqual([`sent 3 bytes to ${g}:6001 (ttl 1)\n`, `sent 3 bytes to ${g}:6001 (ttl 1)\n`, `sent 5 bytes to ${g}:6001 (ttl 1)\n`]);
  });

  it("a python3 receiver gets the C and TS senders", async () => {
    const g = "239.10.0.2";
    const rp = run("h3", "py", "mcast_receiver", [A("h3"), "2", g, "6002"]);
    await rp.line(/joined/);
    await finish(run("h1", "c", "mcast_sender", ["-i", A("h1"), g, "6002", "from-c"]));
    await rp.line(/from-c/);
    await finish(run("h2", "ts", "mcast_sender", ["-i", A("h2"), g, "6002", "from-ts"]));
    expect(await finish(rp)).toBe(`joined ${g} on ${A("h3")}\nfrom ${A("h1")}: from-c\nfrom ${A("h2")}: from-ts\n`);
  });

  it("with the default interface (127.0.0.1), sender and receiver on one host: C → TS and TS → C", async () => {
    for (const [rxImpl, txImpl] of [["ts", "c"], ["c", "ts"]] as const) {
      const rx = run("h1", rxImpl, "mcast_receiver", ["239.10.0.3", "6003"]);
      await rx.line(/joined/);
      const tx = await finish(run("h1", txImpl, "mcast_sender", ["239.10.0.3", "6003", `lo-${txImpl}`]));
      expect(tx).toBe(`sent ${`lo-${txImpl}`.length} bytes to 239.10.0.3:6003 (ttl 1)\n`);
      expect(await finish(rx)).toBe(`joined 239.10.0.3 on 127.0.0.1\nfrom 127.0.0.1: lo-${txImpl}\n`);
    }
  });

  it("broadcast: both senders fail with EACCES without SO_BROADCAST; with it, C, TS and python3 receivers all hear C and TS", async () => {
    for (const impl of ["c", "ts"] as const) {
      const r = await run("h2", impl, "bcast_sender", ["-n", lab.broadcast("lan"), "6004", "x"]).exit();
      expect([r.code, r.stdout, r.stderr]).toEqual([1, "", "sendto: Permission denied\n"]);
    }
    const rxs = [run("h1", "c", "bcast_receiver", ["-n", "2", "6004"]), run("h3", "ts", "bcast_receiver", ["-n", "2", "6004"]), run("h1", "py", "bcast_receiver", ["2", "6004"])];
    await Promise.all(rxs.map((r) => r.line(/listening/)));
    const sc = await finish(run("h2", "c", "bcast_sender", [lab.broadcast("lan"), "6004", "bc"]));
    await Promise.all(rxs.map((r) => r.line(/bc/)));
    const st = await finish(run("h2", "ts", "bcast_sender", [lab.broadcast("lan"), "6004", "bt"]));
    expect(sc).toBe(`sent 2 bytes to ${lab.broadcast("lan")}:6004\n`);
    expect(st).toBe(sc);
    const outs = await Promise.all(rxs.map(finish));
    for (const o of outs) expect(o).toBe(`listening on port 6004\nfrom ${A("h2")}: bc\nfrom ${A("h2")}: bt\n`);
  });

  it("source-specific: C and TS ssm_receivers hear h2 and not h3", async () => {
    const g = "232.10.0.4";
    const rxs = (["c", "ts"] as const).map((impl) => run("h1", impl, "ssm_receiver", ["-i", A("h1"), "-n", "2", g, A("h2"), "6005"]));
    await Promise.all(rxs.map((r) => r.line(/joined/)));
    await finish(run("h3", "c", "mcast_sender", ["-i", A("h3"), g, "6005", "from-h3"]));
    await finish(run("h2", "ts", "mcast_sender", ["-i", A("h2"), "-n", "2", g, "6005", "from-h2"]));
    const outs = await Promise.all(rxs.map(finish));
    for (const o of outs) expect(o).toBe(`joined (${A("h2")}, ${g}) on ${A("h1")}\nfrom ${A("h2")}: from-h2\nfrom ${A("h2")}: from-h2\n`);
  });

  it("IPv6: C and TS receivers hear the C, TS and python3 senders", async () => {
    const g = "ff15::10:6";
    const rxs = (["c", "ts"] as const).map((impl) => run("h1", impl, "mcast6_receiver", ["-i", "eth0", "-n", "3", g, "6006"]));
    await Promise.all(rxs.map((r) => r.line(/joined/)));
    const sc = await finish(run("h2", "c", "mcast6_sender", ["-i", "eth0", "-h", "3", g, "6006", "c6"]));
    await rxs[0]!.line(/c6/);
    const st = await finish(run("h3", "ts", "mcast6_sender", ["-i", "eth0", "-h", "3", g, "6006", "t6"]));
    await rxs[0]!.line(/t6/);
    await finish(run("h2", "py", "mcast6_sender", ["eth0", g, "6006", "p6"]));
    expect(sc).toBe(`sent 2 bytes to [${g}]:6006 (hops 3)\n`);
    expect(st).toBe(sc);
    const outs = await Promise.all(rxs.map(finish));
    const a6 = (h: string): string => lab.addr6(h, "lan");
    for (const o of outs) expect(o).toBe(`joined ${g} on eth0\nfrom ${a6("h2")}: c6\nfrom ${a6("h3")}: t6\nfrom ${a6("h2")}: p6\n`);
  });

  it("pktinfo_receiver (C and TS) prints the destination group and arrival interface of datagrams from python3 and C", async () => {
    const g = "239.10.0.7";
    const rxs = (["c", "ts"] as const).map((impl) => run("h1", impl, "pktinfo_receiver", ["-i", A("h1"), "-n", "2", g, "6007"]));
    await Promise.all(rxs.map((r) => r.line(/joined/)));
    await finish(run("h2", "py", "mcast_sender", [A("h2"), g, "6007", "py"]));
    await Promise.all(rxs.map((r) => r.line(/: py/)));
    await finish(run("h3", "c", "mcast_sender", ["-i", A("h3"), g, "6007", "cc"]));
    const outs = await Promise.all(rxs.map(finish));
    for (const o of outs) expect(o).toBe(`joined ${g} on ${A("h1")}\nfrom ${A("h2")} to ${g} on eth0: py\nfrom ${A("h3")} to ${g} on eth0: cc\n`);
  });
});

if (why !== null) {
  console.warn(`examples-mcast.test.ts: skipped: ${why}`);
  describe("multicast examples (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
