// A subcommand of the berkeley-sockets command (src/tools/cli.ts): a module
// of its own that exports one of these; the dispatcher lists it in COMMANDS.

/** What the dispatcher hands a command: the whole usage, and how to refuse an argument. */
export interface Cli {
  /** The command's usage, every command and its options. */
  readonly usage: string;
  /** Prints "berkeley-sockets: msg" and the usage to stderr, and exits with status 2. */
  fail(msg: string): never;
}

export interface Command {
  /** What it does, as it prints under "commands:" beside its name (one string per line). */
  readonly summary: readonly string[];
  /** Its options, one line each, as they print under "<name> options:". */
  readonly options: readonly string[];
  /** Runs it with the arguments after its name. */
  run(args: string[], cli: Cli): void | Promise<void>;
}
