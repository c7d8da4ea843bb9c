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
    throw new Error(loadFailure(err instanceof Error ? err.message : String(err)));
  }
}

/** What to do when no addon loads: the package ships prebuilds for linux-x64 and linux-arm64 (glibc) only. */
function loadFailure(cause: string): string {
  const here = `${process.platform}-${process.arch} (Node ${process.version})`;
  if (process.platform !== "linux") {
    return `berkeley-sockets: ${here} is not supported: the addon is written for Linux (the README's platform table says what a port needs). Cause: ${cause}`;
  }
  return (
    `berkeley-sockets: no native addon loads for ${here}: the package ships prebuilds for linux-x64 and linux-arm64 (glibc), ` +
    `and no local build exists. Build one from source: install python3, make and a C++ compiler (g++ or clang++), ` +
    `then run "npm rebuild berkeley-sockets". npm 11.16+ lists the package's install script as not approved, and npm 12 ` +
    `skips it: approve it first with "npm install-scripts approve berkeley-sockets". Cause: ${cause}`
  );
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
