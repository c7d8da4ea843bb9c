// Seeing packets in the lab: captures with tcpdump decoded to summaries
// (addresses, protocol, ports, length, IGMP joins and leaves by group), the
// bridges' IGMP snooping switched on and off with its effect shown by the
// capture, the group table (mdb), and the berkeley-sockets-lab command's
// fault, capture and control options. Skipped, with the reason, without
// root, iptables or tcpdump.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasTcpdump } from "../src/tools/lab/capture.js";
import { faultsUnavailable, flatLab, type Lab } from "../src/tools/lab/lab.js";
import { decodePcap } from "../src/tools/lab/pcap.js";
import { bundle, root } from "./helpers.js";
import { last, type Run, runProbe } from "./lab-probe.js";

const why = faultsUnavailable() ?? (hasTcpdump() ? null : "tcpdump is not installed (run scripts/deps.sh)");
const cli = join(root, "dist", "tools", "lab", "cli.js");

let dir = "";
let probePath = "";
let lab: Lab;

const probe = (host: string, ...args: (string | number)[]): Run => runProbe(lab, probePath, host, args);

describe.skipIf(why !== null)("lab packets", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bsl-probe-"));
    probePath = bundle("probe.ts", dir);
    lab = flatLab(3, { snooping: true });
  }, 60_000);
  afterAll(() => {
    lab?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("snooping on: the group's traffic reaches the member's link only; the mdb names the member; the capture shows the join and the leave", async () => {
    const cap = lab.startCapture("lan");
    const rx = probe("h1", "udp-recv", 9101, 300, "239.1.2.3");
    await rx.ready;
    await new Promise((r) => setTimeout(r, 200)); // the report crosses the switch
    const mdb = lab.mdb("lan").filter((e) => e.group === "239.1.2.3");
    await probe("h2", "udp-send", "239.1.2.3", 9101, 50, 2000).done;
    const got = (await last(rx)).got as unknown[];
    await new Promise((r) => setTimeout(r, 300)); // the leave report
    const pk = cap.stop();
    const group = pk.filter((p) => p.dst === "239.1.2.3" && p.proto === "udp");
    const at = (host: string, dir: string): number => group.filter((p) => p.link === host && p.dir === dir).length;
    const reports = cap.reports().get("239.1.2.3") ?? [];
    console.log(`snooping on: h2 sent ${at("h2", "out")}, delivered to h1 ${at("h1", "in")}, h3 ${at("h3", "in")}; mdb ${JSON.stringify(mdb)}; reports ${reports.map((r) => `${r.host} ${r.kind}`).join(", ")}`);
    expect(mdb).toEqual([expect.objectContaining({ segment: "lan", group: "239.1.2.3", host: "h1", port: "h1p0" })]);
    expect(got.length).toBe(50);
    expect([at("h2", "out"), at("h1", "in"), at("h3", "in")]).toEqual([50, 50, 0]);
    expect(group[0]).toMatchObject({ src: lab.addr("h2", "lan"), dport: 9101, length: 20 + 8 + 64, proto: "udp" });
    expect(reports.filter((r) => r.host === "h1").map((r) => r.kind)).toEqual(expect.arrayContaining(["join", "leave"]));
    expect(reports.findIndex((r) => r.kind === "join")).toBeLessThan(reports.findIndex((r) => r.kind === "leave"));
  });

  it("snooping off: the same traffic floods to the non-member's link too", async () => {
    lab.snooping(false);
    const cap = lab.startCapture("h3");
    const rx = probe("h1", "udp-recv", 9102, 300, "239.1.2.3");
    await rx.ready;
    await probe("h2", "udp-send", "239.1.2.3", 9102, 50, 2000).done;
    await rx.done;
    const pk = cap.stop().filter((p) => p.dst === "239.1.2.3" && p.proto === "udp");
    lab.snooping(true);
    console.log(`snooping off: h3's link carried ${pk.length} of the group's 50 datagrams`);
    expect(pk.length).toBe(50);
    expect(pk.every((p) => p.link === "h3" && p.dir === "in")).toBe(true);
  });

  it("a host capture tells the host's own packets from those delivered to it; decodePcap rejects a file that is not pcap", async () => {
    const cap = lab.startCapture("h2");
    const echo = probe("h2", "udp-echo", 9103);
    await echo.ready;
    await probe("h1", "udp-ping", lab.addr("h2", "lan"), 9103, 5, 20).done;
    const pk = cap.stop().filter((p) => p.proto === "udp");
    expect(pk.filter((p) => p.dir === "in").map((p) => [p.src, p.dst, p.dport])).toEqual(Array(5).fill([lab.addr("h1", "lan"), lab.addr("h2", "lan"), 9103]));
    expect(pk.filter((p) => p.dir === "out").map((p) => [p.src, p.sport])).toEqual(Array(5).fill([lab.addr("h2", "lan"), 9103]));
    expect(existsSync(cap.file)).toBe(true);
    expect(() => decodePcap(Buffer.alloc(64), { ports: new Map(), macs: new Map() })).toThrow(/not a pcap file/);
  });

  it("berkeley-sockets-lab: impairments, a partition, a fault, a capture kept in a file, snooping and the control command, from the command line", () => {
    const out = mkdtempSync(join(tmpdir(), "bsl-cli-"));
    try {
      const pcap = join(out, "lan.pcap");
      const script = [
        "$LAB_CTL show",
        "$LAB_CTL impair h2:out delay 5ms",
        "$LAB_CTL show",
        "$LAB_CTL mdb | head -1",
        "$LAB_CTL bogus 2>/dev/null || echo refused",
        `ip netns exec $LAB_H1 ${process.execPath} ${probePath} udp-send $LAB_H2_ADDR 9104 3 1000`,
        "sleep 0.3",
      ].join("; ");
      const r = spawnSync(process.execPath, [cli, "--hosts", "3", "--snooping", "on", "--loss", "h3=100%", "--delay", "20ms/5ms", "--partition", "h1 / h3", "--fault", "transient at 10s for 1s freeze h2", "--capture", `lan=${pcap}`, "--summary", "--", "sh", "-c", script], { encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.split("\n");
      const shown = lines.slice(0, lines.indexOf("refused"));
      expect(shown).toEqual([
        "impair lan delay 20ms 5ms", "impair h3@lan:out loss 100%", "impair h3@lan:in loss 100%", "partition h1 / h3",
        "impair lan delay 20ms 5ms", "impair h2@lan:out delay 5ms", "impair h3@lan:out loss 100%", "impair h3@lan:in loss 100%", "partition h1 / h3",
        expect.stringMatching(/^lan \S+ h\d temp$/),
      ]);
      expect(r.stdout).toMatch(/capture lan \(.*lan\.pcap\): \d+ packets/);
      expect(r.stdout.match(/h1 -> 10\.200\.1\.11\.\d+ > 10\.200\.1\.12\.9104 udp 92/g)?.length).toBe(3);
      expect(r.stdout.match(/h2 <- 10\.200\.1\.11\.\d+ > 10\.200\.1\.12\.9104 udp 92/g)?.length).toBe(3);
      expect(readFileSync(pcap).readUInt32LE(0)).toBe(0xa1b2c3d4);
      const prefix = /lab: h1 = (bsl-\d+-[0-9a-f]+-)h1/.exec(r.stderr)![1]!;
      expect(spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout).not.toContain(prefix);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("berkeley-sockets-lab refuses bad options before building anything, and --help documents every one", () => {
    const bad = spawnSync(process.execPath, [cli, "--loss", "h2=lots", "--", "true"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a percentage/);
    const badFault = spawnSync(process.execPath, [cli, "--fault", "sometimes partition h1 / h2", "--", "true"], { encoding: "utf8" });
    expect(badFault.stderr).toMatch(/transient, intermittent or permanent/);
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" }).stdout;
    for (const f of ["--hosts", "--routed", "--snooping", "--loss", "--delay", "--duplicate", "--reorder", "--corrupt", "--rate", "--impair", "--partition", "--fault", "--capture", "--summary", "LAB_CONTROL", "LAB_CTL", "ctl", "sweep"]) {
      expect(help).toContain(f);
    }
  });
});

if (why !== null) {
  console.warn(`lab-packets.test.ts: skipped: ${why}`);
  describe("lab packets (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
