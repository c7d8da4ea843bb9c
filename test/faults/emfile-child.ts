// Child process of test/faults.test.ts, started with RLIMIT_NOFILE lowered:
// socket(2) until it fails, which must be -1/EMFILE; after closing them all,
// socket() works again. Prints one JSON line.
import { writeSync } from "node:fs";
import { AF_INET, close, EMFILE, errno, SOCK_DGRAM, socket } from "../../src/index.js";

const fds: number[] = [];
let r: number;
while ((r = socket(AF_INET, SOCK_DGRAM, 0)) >= 0) {
  fds.push(r);
  if (fds.length > 100_000) break;
}
const failedWith = errno;
let closed = 0;
for (const fd of fds) if (close(fd) === 0) closed++;
const again = socket(AF_INET, SOCK_DGRAM, 0);
if (again >= 0) close(again);
writeSync(1, JSON.stringify({ opened: fds.length, result: r, errno: failedWith, EMFILE, closed, again: again >= 0 }) + "\n");
