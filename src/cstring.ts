// A char * handed back: calls that write text into a buffer the caller gave
// (inet_ntop's dst, if_indextoname's ifname, getnameinfo's host and serv)
// write it as C does, the bytes and a NUL.

/**
 * Writes text's UTF-8 bytes and a NUL into dst: at most room bytes (the
 * length the call was given), and never past dst's end.
 */
export function putCString(dst: ArrayBufferView, text: string, room = dst.byteLength): void {
  const bytes = Buffer.from(text + "\0", "utf8");
  new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(bytes.subarray(0, Math.min(room, dst.byteLength)));
}
