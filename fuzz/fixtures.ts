// Descriptors the fuzzer hands to calls, opened lazily per call and closed
// after it, so every run starts from the same state and replays exactly.
// Every one of them is non-blocking (or cannot block: files, /dev/null), so
// no fuzzed call can wait forever; fcntl(F_SETFL) only changes a descriptor
// that is closed when the call returns.
import { execFileSync } from "node:child_process";
import { closeSync, constants as fsc, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as api from "../src/index.js";

export const FD_KINDS = [
  "tcp-listener", "tcp-listener-pending", "tcp-client", "tcp-server", "tcp-unbound", "udp4", "udp6",
  "unix-stream", "unix-dgram", "unix-seqpacket", "pipe-read", "pipe-write-broken", "fifo-rdwr",
  "file", "devnull", "devzero", "closed", "epoll",
] as const;
export type FdKind = (typeof FD_KINDS)[number];

const { AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_NONBLOCK, F_SETFL, O_NONBLOCK } =
  api as unknown as Record<string, number>;

function must(r: number, what: string): number {
  if (r < 0) throw new Error(`fuzz fixture: ${what} failed: ${api.strerror(api.errno)}`);
  return r;
}

function loop4(): api.sockaddr_in {
  const a = new api.sockaddr_in();
  a.sin_family = AF_INET!;
  a.sin_addr.s_addr = api.htonl(api.INADDR_LOOPBACK);
  return a;
}

export class Fixtures {
  readonly dir: string;
  /** A descriptor open for the whole run (the fuzzer dups it to find the lowest free number). */
  readonly anchor: number;
  private readonly fifo: string;
  private readonly file: string;
  private opened: number[] = [];
  private cache = new Map<FdKind, number>();

  constructor() {
    this.dir = mkdtempSync(join(process.env.FUZZ_WORK || tmpdir(), "bs-fuzz-"));
    this.fifo = join(this.dir, "fifo");
    this.file = join(this.dir, "file");
    execFileSync("mkfifo", [this.fifo]);
    writeFileSync(this.file, Buffer.alloc(256, 0x42));
    this.anchor = openSync("/dev/null", fsc.O_RDONLY);
  }

  private keep(fd: number): number {
    this.opened.push(fd);
    return fd;
  }

  private nonblock(fd: number): number {
    must(api.fcntl(fd, F_SETFL!, O_NONBLOCK!), "fcntl O_NONBLOCK");
    return fd;
  }

  /** A descriptor of the kind, opened once per call. */
  open(kind: FdKind): number {
    const hit = this.cache.get(kind);
    if (hit !== undefined) return hit;
    const fd = this.make(kind);
    this.cache.set(kind, fd);
    return fd;
  }

  private tcp(): { listener: number; client: number; server: number } {
    const listener = this.keep(must(api.socket(AF_INET!, SOCK_STREAM!, 0), "socket"));
    const a = loop4();
    must(api.bind(listener, a, api.sizeof(a)), "bind");
    must(api.listen(listener, 4), "listen");
    must(api.getsockname(listener, a, new api.socklen_t(api.sizeof(a))), "getsockname");
    const client = this.keep(must(api.socket(AF_INET!, SOCK_STREAM!, 0), "socket"));
    must(api.connect(client, a, api.sizeof(a)), "connect");
    const server = this.keep(must(api.accept(listener, null, null), "accept"));
    must(api.send(client, "hello from the client", 21, 0), "send");
    for (const fd of [listener, client, server]) this.nonblock(fd);
    return { listener, client, server };
  }

  private make(kind: FdKind): number {
    switch (kind) {
      case "tcp-listener": return this.tcp().listener;
      case "tcp-listener-pending": {
        const { listener } = this.tcp();
        const a = new api.sockaddr_in();
        must(api.getsockname(listener, a, new api.socklen_t(api.sizeof(a))), "getsockname");
        const c = this.keep(must(api.socket(AF_INET!, SOCK_STREAM!, 0), "socket"));
        must(api.connect(c, a, api.sizeof(a)), "connect");
        return listener;
      }
      case "tcp-client": return this.tcp().client;
      case "tcp-server": return this.tcp().server;
      case "tcp-unbound": return this.keep(must(api.socket(AF_INET!, SOCK_STREAM! | SOCK_NONBLOCK!, 0), "socket"));
      case "udp4": {
        const fd = this.keep(must(api.socket(AF_INET!, SOCK_DGRAM! | SOCK_NONBLOCK!, 0), "socket"));
        const a = loop4();
        must(api.bind(fd, a, api.sizeof(a)), "bind");
        must(api.getsockname(fd, a, new api.socklen_t(api.sizeof(a))), "getsockname");
        must(api.sendto(fd, "a datagram to myself", 20, 0, a, api.sizeof(a)), "sendto");
        return fd;
      }
      case "udp6": {
        const fd = this.keep(must(api.socket(AF_INET6!, SOCK_DGRAM! | SOCK_NONBLOCK!, 0), "socket"));
        const a = new api.sockaddr_in6();
        a.sin6_family = AF_INET6!;
        a.sin6_addr = api.in6addr_loopback;
        must(api.bind(fd, a, api.sizeof(a)), "bind");
        must(api.getsockname(fd, a, new api.socklen_t(api.sizeof(a))), "getsockname");
        must(api.sendto(fd, "a datagram to myself", 20, 0, a, api.sizeof(a)), "sendto");
        return fd;
      }
      case "unix-stream": case "unix-dgram": case "unix-seqpacket": {
        const type = kind === "unix-stream" ? SOCK_STREAM! : kind === "unix-dgram" ? SOCK_DGRAM! : SOCK_SEQPACKET!;
        const sv = new Int32Array(2);
        must(api.socketpair(AF_UNIX!, type | SOCK_NONBLOCK!, 0, sv), "socketpair");
        this.keep(sv[0]!);
        this.keep(sv[1]!);
        must(api.send(sv[1]!, "from the other end", 18, 0), "send");
        return sv[0]!;
      }
      case "pipe-read": return this.keep(openSync(this.fifo, fsc.O_RDONLY | fsc.O_NONBLOCK));
      case "fifo-rdwr": return this.keep(openSync(this.fifo, fsc.O_RDWR | fsc.O_NONBLOCK));
      case "pipe-write-broken": {
        // A write end whose readers are gone: writes fail with EPIPE (and SIGPIPE, which must not kill us).
        const r = openSync(this.fifo, fsc.O_RDONLY | fsc.O_NONBLOCK);
        const w = openSync(this.fifo, fsc.O_WRONLY | fsc.O_NONBLOCK);
        closeSync(r);
        return this.keep(w);
      }
      case "file": return this.keep(openSync(this.file, fsc.O_RDWR));
      case "devnull": return this.keep(openSync("/dev/null", fsc.O_RDWR));
      case "devzero": return this.keep(openSync("/dev/zero", fsc.O_RDWR));
      case "epoll": {
        // An epoll instance watching a readable UDP socket (so epoll_wait has an event to write).
        const ep = this.keep(must((api as unknown as { epoll_create1(f: number): number }).epoll_create1(0), "epoll_create1"));
        const u = this.open("udp4");
        const ev = new (api as unknown as { epoll_event: new (i: object) => api.Struct }).epoll_event({ events: (api as unknown as Record<string, number>).EPOLLIN });
        (api as unknown as { epoll_ctl(a: number, b: number, c: number, d: unknown): number }).epoll_ctl(ep, (api as unknown as Record<string, number>).EPOLL_CTL_ADD!, u, ev);
        return ep;
      }
      case "closed": {
        // Opened and closed just before the call: a stale number no descriptor owns.
        const fd = must(api.socket(AF_INET!, SOCK_DGRAM!, 0), "socket");
        api.close(fd);
        return fd;
      }
    }
  }

  /** Closes everything this call opened (a call may have closed some already: EBADF is fine). */
  closeAll(): void {
    for (const fd of this.opened) api.close(fd);
    this.opened = [];
    this.cache.clear();
  }

  dispose(): void {
    this.closeAll();
    closeSync(this.anchor);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
