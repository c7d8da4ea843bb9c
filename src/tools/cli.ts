#!/usr/bin/env node
// The berkeley-sockets command: `berkeley-sockets <command> [options]`. Each
// command is a module of src/tools/ exporting a Command (./command.ts); to add
// one, write its module and list it in COMMANDS. The tools use the library
// only through its public entry points, as any program would.
import type { Cli, Command } from "./command.js";
import { ports } from "./ports/command.js";

const COMMANDS: Readonly<Record<string, Command>> = { ports };

const USAGE = [
  "usage: berkeley-sockets <command> [options]",
  "",
  "commands:",
  ...Object.entries(COMMANDS).flatMap(([name, c]) => c.summary.map((line, i) => `  ${(i === 0 ? name : "").padEnd(9)}${line}`)),
  ...Object.entries(COMMANDS).flatMap(([name, c]) => ["", `${name} options:`, ...c.options.map((line) => `  ${line}`)]),
  "",
].join("\n");

const cli: Cli = {
  usage: USAGE,
  fail(msg: string): never {
    process.stderr.write(`berkeley-sockets: ${msg}\n\n${USAGE}`);
    process.exit(2);
  },
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === "-h" || name === "--help" || name === "help") process.stdout.write(USAGE);
else if (Object.hasOwn(COMMANDS, name)) await COMMANDS[name]!.run(rest, cli);
else cli.fail(`unknown command ${name}`);
