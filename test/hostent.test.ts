// The hostent family against glibc: a C program (test/fixtures/hostent_twin.c)
// and its TypeScript twin make the same gethostbyname/gethostbyname2/
// gethostbyaddr/getservbyname/getservbyport/getprotobyname/getprotobynumber
// calls, against a private /etc/hosts in a mount namespace, and their stdout
// (every field, address order, h_errno, errno) and stderr (herror) must be
// byte-identical. /etc/services and /etc/protocols stay the system's.
//
// No lookup leaves the machine: the namespace is also a network namespace
// with no interface up (no route at all), its nsswitch.conf asks for
// "hosts: files", and its resolv.conf names 127.0.0.1. The one run that lets
// the dns module try (to see TRY_AGAIN) can only fail with ENETUNREACH.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  AF_INET, AF_INET6, EAFNOSUPPORT, gethostbyaddr, gethostbyname, gethostbyname2, getprotobyname, getprotobynumber, getservbyname, getservbyport,
  h_errno, herror, HOST_NOT_FOUND, hstrerror, in6_addr, in_addr, NETDB_INTERNAL, NETDB_SUCCESS, NO_ADDRESS, NO_DATA, NO_RECOVERY, TRY_AGAIN,
} from "../src/index.js";
import { compileC, root } from "./helpers.js";

const HOSTS = `127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
127.0.1.1	alpha.test alpha al
127.0.2.1	multi.test multi
127.0.2.2	multi.test
127.0.2.3	multi.test m3
::2:1	multi.test
2001:db8::10	six.test six
2001:db8::11	six.test
`;

const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const dir = mkdtempSync(join(tmpdir(), "bs-hostent-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why the namespace cannot be made here (not root, no unshare, no nsswitch.conf), or null. */
function unavailable(): string | null {
  if (process.getuid?.() !== 0) return "needs root for unshare -m -n and bind mounts";
  if (!existsSync("/etc/nsswitch.conf") || !existsSync("/etc/hosts") || !existsSync("/etc/resolv.conf")) return "no /etc/nsswitch.conf, /etc/hosts or /etc/resolv.conf to mount over";
  if (!existsSync("/etc/services") || !existsSync("/etc/protocols")) return "no /etc/services or /etc/protocols (Debian: netbase)";
  const r = spawnSync("unshare", ["-m", "-n", "true"]);
  return r.status === 0 ? null : `unshare -m -n failed: ${r.stderr}`;
}
const why = unavailable();

/** The system's nsswitch.conf with its hosts line replaced. */
function nsswitch(hosts: string): string {
  const lines = readFileSync("/etc/nsswitch.conf", "utf8").split("\n").filter((l) => !/^\s*hosts\s*:/.test(l));
  return [...lines, `hosts: ${hosts}`, ""].join("\n");
}

/**
 * Runs cmd in a new mount and network namespace over a private /etc/hosts,
 * nsswitch.conf (hosts: `hosts`) and resolv.conf (nameserver 127.0.0.1).
 */
function isolated(hosts: string, cmd: string, args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const files = { hosts: join(dir, "hosts"), nsswitch: join(dir, `nsswitch-${hosts.replace(/\W/g, "")}`), resolv: join(dir, "resolv.conf") };
  writeFileSync(files.hosts, HOSTS);
  writeFileSync(files.nsswitch, nsswitch(hosts));
  writeFileSync(files.resolv, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
  const script = [
    // A namespace with a default route (or any interface up) would let a lookup out: refuse it.
    '[ -z "$(ip -o route show default 2>/dev/null)" ] && ! ip -o link show up | grep -q . || { echo "namespace has a route" >&2; exit 99; }',
    'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/nsswitch.conf && mount --bind "$3" /etc/resolv.conf || exit 98',
    'shift 3; exec "$@"',
  ].join("\n");
  const r = spawnSync("unshare", ["-m", "-n", "sh", "-c", script, "sh", files.hosts, files.nsswitch, files.resolv, cmd, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const ts = (file: string): [string, string[]] => [process.execPath, ["--import", tsxLoader, file]];

describe("hostent family: bad arguments", () => {
  it("a wrong type is a TypeError and an address length past its memory a RangeError, before any lookup", () => {
    expect(() => gethostbyname(1 as never)).toThrow(TypeError);
    expect(() => gethostbyname(null as never)).toThrow(TypeError);
    expect(() => gethostbyname2("x", "AF_INET" as never)).toThrow(TypeError);
    expect(() => gethostbyaddr("127.0.0.1" as never, 4, AF_INET)).toThrow(TypeError);
    expect(() => gethostbyaddr(null as never, 4, AF_INET)).toThrow(TypeError);
    expect(() => gethostbyaddr(new in_addr(), 5, AF_INET)).toThrow(/gethostbyaddr: len \(5\) is larger than the 4 bytes it describes/);
    expect(() => gethostbyaddr(new in6_addr(), -1, AF_INET6)).toThrow(RangeError);
    expect(() => getservbyname("http", 6 as never)).toThrow(TypeError);
    expect(() => getservbyport("80" as never, "tcp")).toThrow(TypeError);
    expect(() => getprotobyname(undefined as never)).toThrow(TypeError);
    expect(() => getprotobynumber(2 ** 31)).toThrow(RangeError);
    expect(() => hstrerror("1" as never)).toThrow(TypeError);
    expect(() => herror(1 as never)).toThrow(TypeError);
    expect(h_errno).toBe(0);
  });

  it("the h_errno constants are netdb.h's", () => {
    expect([NETDB_INTERNAL, NETDB_SUCCESS, HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY, NO_DATA, NO_ADDRESS]).toEqual([-1, 0, 1, 2, 3, 4, 4]);
    expect(hstrerror(HOST_NOT_FOUND!)).toBe("Unknown host");
  });
});

describe.skipIf(why !== null)("hostent family against glibc, C and TypeScript twins", () => {
  const c = compileC("test/fixtures/hostent_twin.c");

  it.each(["files", "files dns"])("hosts: %s — stdout and stderr are byte-identical", (hosts) => {
    const rc = isolated(hosts, c, []);
    const rt = isolated(hosts, ...ts(join(root, "test/fixtures/hostent_twin.ts")));
    expect(rc.status).toBe(0);
    expect(rt.status).toBe(0);
    // The run covers what it should: several addresses in order, aliases, IPv6, reverse, numeric, failures, services, protocols.
    expect(rc.stdout).toContain("gethostbyname(multi.test): h_name=multi.test");
    expect(rc.stdout).toMatch(/addr 127\.0\.2\.1\n {2}addr 127\.0\.2\.2\n {2}addr 127\.0\.2\.3\n/);
    expect(rc.stdout).toContain("gethostbyname2(six.test, AF_INET6): h_name=six.test h_addrtype=10 h_length=16");
    expect(rc.stdout).toContain("gethostbyaddr(127.0.1.1, 4): h_name=alpha.test");
    expect(rc.stdout).toContain("gethostbyname(127.0.0.1): h_name=127.0.0.1");
    expect(rc.stdout).toContain("getservbyname(http, tcp): s_name=http s_port=20480 (80) s_proto=tcp");
    expect(rc.stdout).toContain("getservbyport(htons(53), udp): s_name=domain");
    expect(rc.stdout).toContain("getservbyname(nosuchservice, tcp): NULL");
    expect(rc.stdout).toContain("getprotobynumber(17): p_name=udp");
    expect(rc.stdout).toContain(hosts === "files" ? "gethostbyname(nosuch.test): NULL h_errno=1" : "gethostbyname(nosuch.test): NULL h_errno=2");
    expect(rc.stderr).toContain(hosts === "files" ? "gethostbyname: Unknown host\n" : "gethostbyname: Host name lookup failure\n");
    expect(rt.stdout).toBe(rc.stdout);
    expect(rt.stderr).toBe(rc.stderr);
  });

  it("gethostbyname2(name, AF_UNSPEC), which aborts a C program with glibc 2.36, fails with NETDB_INTERNAL/EAFNOSUPPORT", () => {
    const prog = compileC(`#include <netdb.h>
#include <sys/socket.h>
int main(void) { return gethostbyname2("alpha.test", AF_UNSPEC) == 0; }`);
    const rc = isolated("files", prog, []);
    const code = `import * as bs from ${JSON.stringify(join(root, "src/index.ts"))};
const he = bs.gethostbyname2("alpha.test", bs.AF_UNSPEC);
console.log(JSON.stringify([he, bs.h_errno, bs.errno]));`;
    const rt = isolated("files", process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", code]);
    expect(rt.stderr).toBe("");
    expect(JSON.parse(rt.stdout)).toEqual([null, NETDB_INTERNAL, EAFNOSUPPORT]);
    // Where glibc still asserts, the C program dies of SIGABRT; a fixed glibc may answer instead.
    if (rc.signal !== null) expect([rc.signal, rc.stderr]).toEqual(["SIGABRT", expect.stringMatching(/Assertion/)]);
    else expect(rc.status).not.toBe(null);
  });

  it("h_errno is a live binding, per thread like errno: a worker's lookups leave the main thread's alone", () => {
    // "files dns": the failure is TRY_AGAIN (the dns module cannot reach 127.0.0.1), a found name HOST_NOT_FOUND (glibc's files module leaves that on success).
    const r = isolated("files dns", process.execPath, [join(root, "test/fixtures/hostent_threads.mjs")]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ before: 0, mine: TRY_AGAIN, theirs: { start: 0, after: HOST_NOT_FOUND }, after: TRY_AGAIN });
  });
});

if (why !== null) {
  console.warn(`hostent.test.ts: C comparison skipped: ${why}`);
  describe("hostent family against glibc (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
