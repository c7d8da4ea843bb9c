// A partition during a TCP transfer and during a multicast stream, then
// heal: what each side saw. h1 sends 400 records to h2 over TCP and 400 to
// group 239.2.2.2 (h2 and h3 joined), 10 ms apart; one second in, h1 is cut
// from h2 and h3 for 1.5 s (a transient fault), then the network heals. Needs root.
//   npx tsx examples/lab/partition.ts [c|ts] [--svg FILE]
import { writeFileSync } from "node:fs";
import { flatLab } from "berkeley-sockets/lab";
import { deliverySvg, type Lang, programs, start, summary, times } from "./experiment.js";

const args = process.argv.slice(2);
const lang: Lang = args.includes("c") ? "c" : "ts";
const svg = args.includes("--svg") ? args[args.indexOf("--svg") + 1] : undefined;
const COUNT = 400, GAP = 10, GROUP = "239.2.2.2", AT = 1000, FOR = 1500;

/** "3 10-12 40" from a sorted list of numbers. */
function ranges(xs: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(j === i ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return out.join(" ");
}

const prog = programs(lang);
const lab = flatLab(3);
try {
  const tcpRx = start(lab, "h2", [...prog.receiver, "-v", "tcp", "5001", String(COUNT)]);
  const mcRx = ["h2", "h3"].map((h) => start(lab, h, [...prog.receiver, "-v", "-w", "4000", "-i", lab.addr(h, "lan"), "mcast", "5002", String(COUNT), GROUP]));
  await Promise.all([tcpRx.ready, ...mcRx.map((r) => r.ready)]);
  const tcpTx = start(lab, "h1", [...prog.sender, "-v", "-g", String(GAP), "tcp", lab.addr("h2", "lan"), "5001", String(COUNT)]);
  const mcTx = start(lab, "h1", [...prog.sender, "-v", "-g", String(GAP), "-i", lab.addr("h1", "lan"), "mcast", GROUP, "5002", String(COUNT)]);
  // The fault's clock starts with the senders (their first record sent).
  while (tcpTx.lines.length === 0 || mcTx.lines.length === 0) await new Promise((r) => setTimeout(r, 5));
  const fault = lab.fault("transient", { partition: [["h1"], ["h2", "h3"]] }, { at: AT, duration: FOR });
  const [tcpSent, mcSent] = (await Promise.all([tcpTx.done, mcTx.done])).map((l) => times(l, "sent"));
  const tcpGot = times(await tcpRx.done, "rx");
  const mcGot = (await Promise.all(mcRx.map((r) => r.done))).map((l) => times(l, "rx"));
  await fault.done;
  const cut = fault.spells[0]!.start, healed = fault.spells[0]!.end!;
  const t0 = Math.min(...tcpSent.values(), ...mcSent.values());
  const s = (t: number): string => `${((t - t0) / 1000).toFixed(2)} s`;

  console.log(`A partition during a TCP transfer and a multicast stream (${lang === "c" ? "C" : "TypeScript"} programs)`);
  console.log(`  h1 sends ${COUNT} records to h2 over TCP and ${COUNT} to ${GROUP} (h2, h3 joined), ${GAP} ms apart;`);
  console.log(`  h1 is cut from h2 and h3 at ${s(cut)} and the network heals at ${s(healed)} (times from the senders' start)\n`);

  // The TCP sender: did send() ever wait?
  const st = [...tcpSent.values()];
  const longestSend = Math.max(...st.slice(1).map((t, i) => t - st[i]! - GAP));
  console.log(`TCP sender (h1): every send() returned at once (at most ${longestSend.toFixed(1)} ms beyond the ${GAP} ms pause): the socket's buffer took the records`);
  console.log(`  ${summary(tcpTx.lines).slice(1).join("; ")}`);
  // The TCP receiver: the gap, and the catch-up.
  const at = [...tcpGot.entries()].sort((a, b) => a[1] - b[1]);
  let gi = 1;
  for (let i = 1; i < at.length; i++) if (at[i]![1] - at[i - 1]![1] > at[gi]![1] - at[gi - 1]![1]) gi = i;
  const [before, after] = [at[gi - 1]!, at[gi]!];
  const burst = at.filter(([, t]) => t >= after[1] && t < after[1] + 50).length;
  console.log(`TCP receiver (h2): ${summary(tcpRx.lines).slice(1).join("; ")}`);
  console.log(`  nothing between record ${before[0]} at ${s(before[1])} and record ${after[0]} at ${s(after[1])} (${((after[1] - before[1]) / 1000).toFixed(2)} s:`);
  console.log(`  the partition, then the wait for the next retransmission, whose timer doubled each time), then ${burst} records within 50 ms`);
  for (const [i, h] of ["h2", "h3"].entries()) {
    const got = mcGot[i]!;
    const missing = [...mcSent.keys()].filter((q) => !got.has(q));
    const during = missing.filter((q) => mcSent.get(q)! >= cut - 5 && mcSent.get(q)! <= healed + 5).length;
    console.log(`multicast receiver (${h}): ${got.size} of ${COUNT}; lost ${ranges(missing)} (${during} of the ${missing.length} sent while cut off), never sent again`);
  }
  console.log(`multicast sender (h1): ${summary(mcTx.lines).join("; ")}, no error: UDP does not know`);

  if (svg !== undefined) {
    const t1 = Math.max(...tcpGot.values(), ...mcSent.values()) + 100;
    writeFileSync(svg, deliverySvg({
      title: "A partition during a TCP transfer and a multicast stream",
      subtitle: `h1 sends ${COUNT} records ${GAP} ms apart over TCP (to h2) and to ${GROUP} (h2, h3); h1 is cut off for ${FOR / 1000} s`,
      t0, t1, bucketMs: 100, sent: st,
      bands: [{ from: cut, to: healed, label: "h1 cut from h2, h3" }],
      rows: [
        { label: "TCP, h2", note: `${tcpGot.size}/${COUNT}, in order, late`, colour: "#1f77b4", arrivals: [...tcpGot.values()] },
        ...["h2", "h3"].map((h, i) => ({ label: `multicast, ${h}`, note: `${mcGot[i]!.size}/${COUNT}, the rest lost`, colour: i === 0 ? "#2ca02c" : "#9467bd", arrivals: [...mcGot[i]!.values()] })),
      ],
    }));
    console.log(`\nDelivery over time drawn to ${svg}`);
  }
} finally {
  lab.destroy();
  prog.cleanup();
}
