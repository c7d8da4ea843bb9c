// A worker thread running a TypeScript module: Node 20 does not apply the
// --import tsx hooks inside workers, so the worker registers tsx itself first.
import { Worker, type WorkerOptions } from "node:worker_threads";

export function tsWorker(url: string | URL, options: WorkerOptions = {}): Worker {
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(String(url))}); })`;
  return new Worker(boot, { ...options, eval: true });
}
