// The command line every benchmark program shares: <workload> <n>, run it,
// print {"ops":n,"seconds":s} (what bench/run.ts reads; bench.c prints the same).
export type Workload = (n: number) => Promise<void> | void;

export async function measure(program: string, table: Record<string, Workload>, workload: string | undefined, count: string | undefined): Promise<void> {
  const run = table[workload ?? ""];
  if (run === undefined) {
    console.error(`${program}: no workload ${workload}`);
    process.exit(2);
  }
  const n = Number(count);
  const t0 = process.hrtime.bigint();
  await run(n);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ ops: n, seconds }));
}
