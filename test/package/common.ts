// Shared by the package tests and their set-up: the environment that has no
// compiler, and what exchange.cjs prints when every call did what C does.
import { tmpdir } from "node:os";

/** Build tools that must not be reachable when the package is installed and run. */
export const BUILD_TOOLS = ["cc", "gcc", "g++", "c++", "clang", "clang++", "make", "python3", "python"];

/** The environment for the installed copy: PATH with node and sh only, none of the outer npm's npm_* variables. */
export function noCompilerEnv(nocc: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: nocc, HOME: process.env.HOME ?? tmpdir() };
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith("NPM_CONFIG_")) env[k] = v; // a registry set by CI
  return env;
}

/** exchange.cjs's line when the exchange worked, on the prebuild for `arch`. */
export function exchanged(how: "esm" | "cjs", arch: "x64" | "arm64"): unknown {
  return {
    how, arch, addon: `prebuilds/linux-${arch}/berkeley-sockets.glibc.node`, bound: 0, port: true, sent: 4, polled: 1, revents: true,
    got: "ping", from: "127.0.0.1", answer: "pong", closed: [0, 0], bad: -1, errno: "EBADF",
  };
}
