// The raw binding, loaded once (everything else imports it from here); its
// interface is in src/binding.ts. Each function is a thin shim: it returns the
// system call's result, or -errno.
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Native } from "./binding.js";
import { traced } from "./trace.js";

export type {
  AddrinfoNode, FieldLayout, GaiResult, GniResult, HostentNode, Lookup, MsgFlat, Native, ProtoentNode, ServentNode, StructLayout,
} from "./binding.js";

const require = createRequire(import.meta.url);
/** The package root: this file sits in src/ or dist/. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function load(): Native {
  const gypBuild = require("node-gyp-build") as (dir: string) => unknown;
  try {
    return gypBuild(packageRoot) as Native;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `berkeley-sockets: no native addon loads for ${process.platform}-${process.arch} on Node ${process.version}. ` +
        `No prebuild matched and no local build exists; build one with "npm rebuild berkeley-sockets" ` +
        `(needs python3, make and a C++ compiler). Cause: ${why}`,
    );
  }
}

/**
 * The binding. With BERKELEY_SOCKETS_TRACE=1 (any value but "" and "0") every
 * call also prints a strace-style line to stderr (src/trace.ts); otherwise it
 * is the addon's own object, unwrapped.
 */
export const native: Native = tracing(process.env.BERKELEY_SOCKETS_TRACE) ? traced(load()) : load();

function tracing(v: string | undefined): boolean {
  return v !== undefined && v !== "" && v !== "0";
}
