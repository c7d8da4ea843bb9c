// stdio buffering as C's: each scenario is a C program compiled here and its
// berkeley-sockets/libc port, run with stdout and stderr into one pipe and on
// a pseudo-terminal (python3's pty module), with the same input; the byte
// streams (and exit statuses) must be identical. On the terminal stdout is
// line-buffered; into the pipe it is fully buffered and flushed at exit, when
// a block fills, or by fflush; stderr (perror, fprintf(stderr)) is unbuffered.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { EOF, fgets, getchar, stdin } from "../src/libc.js";
import { compileC, root } from "./helpers.js";

const tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
const LIBC = JSON.stringify(`${root}/src/libc.ts`);
const MAIN = JSON.stringify(`${root}/src/index.ts`);

interface Scenario {
  name: string;
  c: string;
  /** The port, as plain JavaScript (run as an ES module) importing the libc and main entry points. */
  ts: string;
  input?: string;
}

const C_HEAD = `#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
`;
const TS_HEAD = `import { printf, fprintf, puts, putchar, fputs, fflush, fgets, getchar, feof, ferror, setvbuf, exit, abort, stdin, stdout, stderr, _IONBF, _IOLBF, _IOFBF, EOF } from ${LIBC};
import { write, perror, close, set_errno } from ${MAIN};
`;

const scenarios: Scenario[] = [
  {
    name: "printf, perror, write(1), fprintf(stderr), puts, and an unfinished line at the end",
    c: `int main(void) {
  printf("first line\\n");
  close(-1); perror("close");
  write(1, "write(1)\\n", 9);
  fprintf(stderr, "to stderr %d\\n", 2);
  puts("puts line");
  putchar('c'); putchar('\\n');
  printf("no newline at the end");
  fputs("fputs to stderr\\n", stderr);
  return 0;
}`,
    ts: `printf("first line\\n");
close(-1); perror("close");
write(1, "write(1)\\n", 9);
fprintf(stderr, "to stderr %d\\n", 2);
puts("puts line");
putchar("c"); putchar(10);
printf("no newline at the end");
fputs("fputs to stderr\\n", stderr);`,
  },
  {
    name: "exit(3) flushes stdout first and keeps its status",
    c: `int main(void) { printf("a line\\nbuffered, then exit"); write(1, "[w]", 3); exit(3); }`,
    ts: `printf("a line\\nbuffered, then exit"); write(1, "[w]", 3); exit(3);`,
  },
  {
    name: "blocks: many lines and a long string cross the buffer, interleaved with write(1)",
    c: `int main(void) {
  static char big[10001];
  memset(big, 'x', 10000);
  for (int i = 0; i < 400; i++) {
    printf("line %03d: the quick brown fox\\n", i);
    if (i % 37 == 0) write(1, "<W>\\n", 4);
  }
  printf("%s|", big);
  write(1, "<after big>\\n", 12);
  for (int i = 0; i < 3; i++) { fputs(big + 9000 + i, stdout); write(1, "<w>", 3); }
  printf("%.*s\\n", 2000, big);
  write(1, "<end>\\n", 6);
  return 0;
}`,
    ts: `const big = "x".repeat(10000);
for (let i = 0; i < 400; i++) {
  printf("line %03d: the quick brown fox\\n", i);
  if (i % 37 === 0) write(1, "<W>\\n", 4);
}
printf("%s|", big);
write(1, "<after big>\\n", 12);
for (let i = 0; i < 3; i++) { fputs(big.slice(9000 + i), stdout); write(1, "<w>", 3); }
printf("%.*s\\n", 2000, big);
write(1, "<end>\\n", 6);`,
  },
  {
    name: "a prompt without a newline, then fgets and getchar on stdin",
    c: `int main(void) {
  char buf[64];
  printf("name? ");
  if (fgets(buf, sizeof buf, stdin) == NULL) return 1;
  write(1, "<read>", 6);
  printf("hello %s", buf);
  printf("initial? ");
  int c = getchar();
  printf("got %c (%d)\\n", c, c);
  while ((c = getchar()) != EOF) putchar(c);
  printf("[eof]\\n");
  return 0;
}`,
    ts: `const buf = Buffer.alloc(64);
printf("name? ");
if (fgets(buf, buf.length, stdin) === null) exit(1);
write(1, "<read>", 6);
printf("hello %s", buf);
printf("initial? ");
let c = getchar();
printf("got %c (%d)\\n", c, c);
while ((c = getchar()) !== EOF) putchar(c);
printf("[eof]\\n");`,
    input: "bob\nz\nrest of input\n",
  },
  {
    name: "setvbuf: unbuffered; then _IOLBF, which keeps glibc's one-byte buffer; then a buffer of the program's own",
    c: `int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("a"); write(1, "W", 1); printf("b\\n");
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("line\\npart"); write(1, "W", 1); printf("\\n");
  static char mine[16];
  setvbuf(stdout, mine, _IOFBF, sizeof mine);
  printf("0123456789"); write(1, "W", 1); printf("abcdefghij"); write(1, "W\\n", 2);
  return 0;
}`,
    ts: `setvbuf(stdout, null, _IONBF, 0);
printf("a"); write(1, "W", 1); printf("b\\n");
setvbuf(stdout, null, _IOLBF, 0);
printf("line\\npart"); write(1, "W", 1); printf("\\n");
const mine = Buffer.alloc(16);
setvbuf(stdout, mine, _IOFBF, mine.length);
printf("0123456789"); write(1, "W", 1); printf("abcdefghij"); write(1, "W\\n", 2);`,
  },
  {
    name: "setvbuf(stdout, NULL, _IOLBF, 0) first: line-buffered into the pipe too",
    c: `int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("a\\nb"); write(1, "W", 1); printf("\\n"); write(1, "W\\n", 2);
  return 0;
}`,
    ts: `setvbuf(stdout, null, _IOLBF, 0);
printf("a\\nb"); write(1, "W", 1); printf("\\n"); write(1, "W\\n", 2);`,
  },
  {
    name: "fgets in a loop: lines longer than the buffer come in pieces, then feof",
    c: `int main(void) {
  char buf[8]; int n = 0;
  while (fgets(buf, sizeof buf, stdin)) { printf("%d:[%s]\\n", ++n, buf); write(1, ".", 1); }
  printf("feof=%d ferror=%d\\n", feof(stdin), ferror(stdin));
  return 0;
}`,
    ts: `const buf = Buffer.alloc(8); let n = 0;
while (fgets(buf, buf.length, stdin)) { printf("%d:[%s]\\n", ++n, buf); write(1, ".", 1); }
printf("feof=%d ferror=%d\\n", feof(stdin), ferror(stdin));`,
    input: "short\nthis line is longer than eight\n\nlast\n",
  },
  {
    name: "fflush(stdout) and fflush(NULL)",
    c: `int main(void) {
  printf("x"); fflush(stdout); write(1, "W", 1);
  printf("y"); fflush(NULL); write(1, "W", 1);
  printf("z\\n");
  return 0;
}`,
    ts: `printf("x"); fflush(stdout); write(1, "W", 1);
printf("y"); fflush(null); write(1, "W", 1);
printf("z\\n");`,
  },
  {
    name: "abort(): SIGABRT, and buffered output is lost (glibc does not flush)",
    c: `int main(void) { printf("kept on a terminal, lost in a pipe\\n"); fprintf(stderr, "stderr\\n"); abort(); }`,
    ts: `printf("kept on a terminal, lost in a pipe\\n"); fprintf(stderr, "stderr\\n"); abort();`,
  },
];

/** Runs argv with stdout and stderr into one pipe. */
function inPipe(argv: string[], input: string): { out: Buffer; status: number | null; signal: string | null } {
  const r = spawnSync("sh", ["-c", 'exec "$@" 2>&1', "sh", ...argv], { input, env: { ...process.env, BERKELEY_SOCKETS_TRACE: "" } });
  return { out: r.stdout, status: r.status, signal: r.signal };
}

/**
 * Runs argv on a pseudo-terminal (echo off, so the stream is the program's
 * alone); the input is typed ahead, and ^D ends it.
 */
const PTY = `
import os, pty, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
attrs = termios.tcgetattr(fd)
attrs[3] &= ~termios.ECHO
termios.tcsetattr(fd, termios.TCSANOW, attrs)
data = sys.stdin.buffer.read()
if data:
    os.write(fd, data + b"\\x04")
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.stderr.write("%d %d" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1, os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0))
`;
function onPty(argv: string[], input: string): { out: Buffer; status: string } {
  const r = spawnSync("python3", ["-c", PTY, ...argv], { input, env: { ...process.env, BERKELEY_SOCKETS_TRACE: "" } });
  return { out: r.stdout, status: r.stderr.toString() };
}

const tsArgv = (s: Scenario): string[] => [process.execPath, "--import", tsxLoader, "--input-type=module", "-e", TS_HEAD + s.ts];

describe("stdio buffering: C and the libc port give the same byte stream", () => {
  for (const s of scenarios) {
    it(`${s.name} (pipe, and pseudo-terminal)`, () => {
      const bin = compileC(C_HEAD + s.c);
      const input = s.input ?? "";
      const cp = inPipe([bin], input);
      const tp = inPipe(tsArgv(s), input);
      expect(tp.out.toString("latin1")).toBe(cp.out.toString("latin1"));
      expect([tp.status, tp.signal]).toEqual([cp.status, cp.signal]);
      const ct = onPty([bin], input);
      const tt = onPty(tsArgv(s), input);
      expect(tt.out.toString("latin1")).toBe(ct.out.toString("latin1"));
      expect(tt.status).toBe(ct.status);
      // The two modes differ (the scenario does observe buffering), except where nothing is buffered.
      if (!s.name.startsWith("setvbuf: unbuffered") && !s.name.startsWith("fflush") && !s.name.includes("_IOLBF, 0) first")) expect(cp.out.toString("latin1")).not.toBe(ct.out.toString("latin1").replace(/\r\n/g, "\n"));
    }, 60_000);
  }

  it("process.exit() and the end of the event loop flush stdout exactly once, as C's return from main", () => {
    const c = inPipe([compileC(C_HEAD + `int main(void) { printf("once"); write(1, "W", 1); return 0; }`)], "");
    expect(c.out.toString()).toBe("Wonce");
    for (const end of ["", "process.exit(0);", "setTimeout(() => { printf(' later'); process.exit(0); }, 10);", "await new Promise((r) => setTimeout(r, 10));"]) {
      const t = inPipe(tsArgv({ name: "", c: "", ts: `printf("once"); write(1, "W", 1); ${end}` }), "");
      expect(t.out.toString(), end).toBe(end.includes("later") ? "Wonce later" : "Wonce");
      expect(t.status).toBe(0);
    }
  });

  it("an uncaught exception still flushes stdout (C, crashing, would lose it)", () => {
    const t = spawnSync(process.execPath, ["--import", tsxLoader, "--input-type=module", "-e", TS_HEAD + `printf("before the throw\\n"); throw new Error("boom");`], {
      env: { ...process.env, BERKELEY_SOCKETS_TRACE: "" },
    });
    expect(t.stdout.toString()).toBe("before the throw\n");
    expect(t.status).toBe(1);
  });
});

describe("stdio arguments", () => {
  it("are checked: wrong types are TypeErrors, lengths past the buffer RangeErrors", async () => {
    const L = await import("../src/libc.js");
    expect(() => L.fprintf(1 as never, "x")).toThrow(TypeError);
    expect(() => L.fputs(42 as never, L.stdout)).toThrow(TypeError);
    expect(() => L.fputs(Buffer.from("no nul"), L.stdout)).toThrow(RangeError);
    expect(() => L.putchar(1.5)).toThrow(TypeError);
    expect(() => fgets(Buffer.alloc(4), 5, stdin)).toThrow(RangeError);
    expect(() => fgets("x" as never, 1, stdin)).toThrow(TypeError);
    expect(() => L.setvbuf(L.stdout, Buffer.alloc(4), L._IOFBF, 8)).toThrow(RangeError);
    expect(L.setvbuf(L.stdout, null, 99, 0)).toBe(EOF);
    expect(L.fputs("x", L.stdin)).toBe(EOF);
    expect(L.ferror(L.stdin)).toBe(1);
    L.clearerr(L.stdin);
    expect(L.fgetc(L.stdout)).toBe(EOF);
    L.clearerr(L.stdout);
    expect([L.fileno(L.stdin), L.fileno(L.stdout), L.fileno(L.stderr)]).toEqual([0, 1, 2]);
    expect(fgets(Buffer.alloc(4), 0, stdin)).toBe(null);
    const one = Buffer.from("z");
    expect(fgets(one, 1, stdin)).toBe(one);
    expect(one[0]).toBe(0);
    expect(typeof getchar).toBe("function");
  });
});
