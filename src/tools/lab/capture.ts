// Packet captures in the lab: tcpdump, the system's own capture tool, run
// inside a switch namespace on every port of a segment (`-i any`: each frame
// is seen entering the switch from its sender and leaving it toward each
// receiver, after the link's impairments) or on one host's port. The file is
// a normal pcap; packets() decodes what has been written so far.
import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { type LinkNames, decodePcap, groupReports, type PacketSummary } from "./pcap.js";

/** Whether tcpdump is installed (scripts/deps.sh installs it). */
export function hasTcpdump(): boolean {
  return !spawnSync("tcpdump", ["--version"]).error;
}

/** True once a process has exited (a zombie our event loop has not reaped yet counts as exited). */
export function exited(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] === "Z";
  } catch {
    return true;
  }
}

/** Blocks this thread for ms (the lab's setup is synchronous, like its C counterparts' system() calls). */
export function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A running (or stopped) tcpdump(8) inside the lab, and what it has written so far, decoded. */
export class Capture {
  private child: ChildProcess | null;
  private final: PacketSummary[] | null = null;
  /** Packets the kernel could not hand to tcpdump (its own count, known once stopped). */
  dropped = 0;

  /**
   * Starts tcpdump through spawn (which runs it in the right namespace) and
   * waits until it says it is listening.
   */
  constructor(
    /** What is captured: a segment name or a host name. */
    readonly target: string,
    /** The pcap file tcpdump writes. */
    readonly file: string,
    private readonly names: LinkNames,
    spawn: (args: string[], stderr: number) => ChildProcess,
    iface: string,
    private readonly errFile: string,
  ) {
    const err = openSync(errFile, "w");
    try {
      // -U with --immediate-mode: every packet reaches the file as it is seen, so packets() is current;
      // -B: an 8 MiB ring, so a busy machine does not make the kernel drop what tcpdump has not read yet.
      this.child = spawn(["-i", iface, "-n", "-U", "--immediate-mode", "-B", "8192", "-Z", "root", "-w", file], err);
    } finally {
      closeSync(err);
    }
    const deadline = Date.now() + 10_000;
    while (!readFileSync(errFile, "utf8").includes("listening on")) {
      if (exited(this.child.pid ?? 0) || Date.now() > deadline) {
        throw new Error(`lab: tcpdump did not start: ${readFileSync(errFile, "utf8").trim()}`);
      }
      pause(20);
    }
  }

  /** Every packet captured so far, decoded. */
  packets(): PacketSummary[] {
    if (this.final !== null) return this.final;
    return existsSync(this.file) ? decodePcap(readFileSync(this.file), this.names) : [];
  }

  /** IGMP and MLD joins and leaves by group. */
  reports(): Map<string, { time: number; host: string; kind: "join" | "leave" }[]> {
    return groupReports(this.packets());
  }

  /** Whether tcpdump is still capturing. */
  get running(): boolean {
    return this.child !== null;
  }

  /** Stops tcpdump (it writes out what it holds) and returns every packet. */
  stop(): PacketSummary[] {
    if (this.child === null) return this.packets();
    const pid = this.child.pid!;
    this.child.kill("SIGTERM");
    const deadline = Date.now() + 5_000;
    while (!exited(pid) && Date.now() < deadline) pause(10);
    if (!exited(pid)) this.child.kill("SIGKILL");
    this.child = null;
    this.dropped = Number(/(\d+) packets? dropped by kernel/.exec(readFileSync(this.errFile, "utf8"))?.[1] ?? 0);
    this.final = this.packets();
    return this.final;
  }
}
