// The system calls under C's stdio (and perror): write every byte, read what
// is there. A descriptor Node made non-blocking (process.stdin/stdout put
// pipes and terminals in O_NONBLOCK) is waited on with poll(2), so stdio
// blocks as C's does on the descriptor the program was given; EINTR retries.
import { native } from "../native.js";

const { EAGAIN, EINTR, POLLIN, POLLOUT } = native.constants as Record<string, number>;
const LE = native.platform.little_endian;
const layout = native.layout.pollfd!;
const pfd = new Uint8Array(layout.size);
const view = new DataView(pfd.buffer);

/** Blocks until fd is ready for events (POLLIN/POLLOUT) or in error. */
function wait(fd: number, events: number): void {
  view.setInt32(layout.fields.fd![0], fd, LE);
  view.setInt16(layout.fields.events![0], events, LE);
  native.poll(pfd, 1, -1);
}

/**
 * write(2) until every byte of b is written: 0, or the errno that stopped it.
 * With wait false, EAGAIN stops it too (a descriptor the program itself made
 * non-blocking, as dprintf's).
 */
export function writeAll(fd: number, b: Uint8Array, wait_ = true): number {
  let off = 0;
  while (off < b.length) {
    const r = native.write(fd, b.subarray(off), b.length - off);
    if (r >= 0) off += r;
    else if (r === -EINTR!) continue;
    else if (r === -EAGAIN! && wait_) wait(fd, POLLOUT!);
    else return -r;
  }
  return 0;
}

/** read(2) into b: the count (0 at end of file), or -errno. */
export function readSome(fd: number, b: Uint8Array): number {
  for (;;) {
    const r = native.read(fd, b, b.length);
    if (r === -EINTR!) continue;
    if (r === -EAGAIN!) {
      wait(fd, POLLIN!);
      continue;
    }
    return r;
  }
}
