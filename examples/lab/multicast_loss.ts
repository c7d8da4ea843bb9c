// Multicast under loss, and a receiver behind a router: who gets what, and
// what the links carried. Two segments joined by router r (smcroute forwards
// 239.1.1.1 from a to b), IGMP snooping on; h1 sends 500 datagrams, 10 ms
// apart; h2 (on a, 20% loss on its link), b1 (behind r) and b2 (behind r, 10%
// loss) have joined; h3 and b3 have not. Needs root.
//   npx tsx examples/lab/multicast_loss.ts [c|ts] [--svg FILE]
import { writeFileSync } from "node:fs";
import { routedLab } from "berkeley-sockets/lab";
import { deliverySvg, type Lang, programs, start, summary, table, times } from "./experiment.js";

const args = process.argv.slice(2);
const lang: Lang = args.includes("c") ? "c" : "ts";
const svg = args.includes("--svg") ? args[args.indexOf("--svg") + 1] : undefined;
const COUNT = 500, GAP = 10, GROUP = "239.1.1.1", PORT = 5000;
const receivers = [
  { host: "h2", segment: "a", loss: 20, colour: "#d62728" },
  { host: "b1", segment: "b", loss: 0, colour: "#2ca02c" },
  { host: "b2", segment: "b", loss: 10, colour: "#ff7f0e" },
];

const prog = programs(lang);
const lab = routedLab(3, { snooping: true, groups: [GROUP] });
try {
  for (const r of receivers) if (r.loss > 0) lab.impair(r.host, { loss: r.loss }, "in");
  const caps = { a: lab.startCapture("a"), b: lab.startCapture("b") };
  const rx = receivers.map((r) => start(lab, r.host, [...prog.receiver, "-v", "-w", "1500", "-i", lab.addr(r.host, r.segment), "mcast", String(PORT), String(COUNT), GROUP]));
  await Promise.all(rx.map((r) => r.ready));
  await new Promise((r) => setTimeout(r, 300)); // the joins reach the switches
  const tx = start(lab, "h1", [...prog.sender, "-v", "-g", String(GAP), "-t", "4", "-i", lab.addr("h1", "a"), "mcast", GROUP, String(PORT), String(COUNT)]);
  const sent = times(await tx.done, "sent");
  const got = await Promise.all(rx.map((r) => r.done));
  const pk = { a: caps.a.stop(), b: caps.b.stop() };

  console.log(`Multicast under loss, through a router (${lang === "c" ? "C" : "TypeScript"} programs)`);
  console.log(`  h1 sends ${COUNT} datagrams to ${GROUP}, ${GAP} ms apart, TTL 4; r forwards ${GROUP} from segment a to b; IGMP snooping on\n`);
  const rows = receivers.map((r, i) => {
    const arrived = times(got[i]!, "rx");
    let run = 0, longest = 0;
    for (let s = 0; s < COUNT; s++) {
      run = arrived.has(s) ? 0 : run + 1;
      longest = Math.max(longest, run);
    }
    return [r.host, r.segment === "a" ? "a" : "b, via r", r.loss > 0 ? `loss ${r.loss}%` : "clean", `${arrived.size}/${COUNT}`, `${((100 * arrived.size) / COUNT).toFixed(1)}%`, String(longest)];
  });
  console.log(table(["receiver", "segment", "its link", "received", "share", "longest run lost"], rows));
  for (const [i, r] of receivers.entries()) console.log(`  ${r.host}: ${summary(got[i]!).slice(1).join("; ")}`);

  // What each link carried toward its host: the capture sees a frame leave the switch's port.
  const carried = (seg: "a" | "b", host: string): number => pk[seg].filter((p) => p.link === host && p.dir === "in" && p.dst === GROUP && p.proto === "udp").length;
  const sentBy = (seg: "a" | "b", host: string): number => pk[seg].filter((p) => p.link === host && p.dir === "out" && p.dst === GROUP && p.proto === "udp").length;
  console.log(`\nWhat the captures saw (${GROUP} datagrams each link carried to its host):`);
  console.log(`  segment a: h1 sent ${sentBy("a", "h1")}; to h2 ${carried("a", "h2")}, to r ${carried("a", "r")}, to h3 ${carried("a", "h3")} (not a member)`);
  console.log(`  segment b: r forwarded ${sentBy("b", "r")}; to b1 ${carried("b", "b1")}, to b2 ${carried("b", "b2")}, to b3 ${carried("b", "b3")} (not a member)`);
  for (const seg of ["a", "b"] as const) {
    const joins = caps[seg].reports().get(GROUP) ?? [];
    const who = [...new Set(joins.filter((j) => j.kind === "join").map((j) => j.host))];
    const left = [...new Set(joins.filter((j) => j.kind === "leave").map((j) => j.host))];
    console.log(`  IGMP on ${seg}: ${GROUP} joined by ${who.join(", ") || "nobody"}${left.length > 0 ? `, left by ${left.join(", ")}` : ""}`);
  }
  for (const seg of ["a", "b"] as const) if (caps[seg].dropped > 0) console.log(`  (the capture on ${seg} missed ${caps[seg].dropped} packets: the kernel dropped them before tcpdump read them)`);
  console.log(`  bridge group tables (mdb) at the end: ${lab.mdb().filter((e) => e.group === GROUP).map((e) => `${e.segment}:${e.host}`).join(" ") || "(empty)"} (a left member stays until its entry times out)`);

  if (svg !== undefined) {
    const t0 = Math.min(...sent.values());
    writeFileSync(svg, deliverySvg({
      title: `Multicast ${GROUP} under loss, through a router`,
      subtitle: `h1 sends ${COUNT} datagrams ${GAP} ms apart; each strip: what one receiver got`,
      t0, t1: Math.max(...sent.values()) + 100, bucketMs: 250, sent: [...sent.values()],
      rows: receivers.map((r, i) => ({ label: r.host, note: `${r.segment === "a" ? "segment a" : "behind r"}, ${r.loss > 0 ? `${r.loss}% loss` : "clean"}`, colour: r.colour, arrivals: [...times(got[i]!, "rx").values()] })),
    }));
    console.log(`\nDelivery over time drawn to ${svg}`);
  }
} finally {
  lab.destroy();
  prog.cleanup();
}
