// TCP-level option structs of <netinet/tcp.h> (tcp(7)): struct tcp_info, read
// with getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, len). The tcpi_state values
// (TCP_ESTABLISHED, TCP_TIME_WAIT, ...) are exported from the constants.
import { describe } from "./describe.js";
import { BYTES, defineStruct, Struct } from "./struct.js";

/**
 * struct tcp_info (tcp(7)) as glibc declares it: the TCP_INFO value,
 * `getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, len)`. Every field is there,
 * in host byte order, including the two 4-bit bitfields tcpi_snd_wscale and
 * tcpi_rcv_wscale, whose byte and bit position the native build finds by
 * experiment (offsetof cannot take a bitfield; see native/layout.cc). Times
 * are in microseconds.
 */
export class tcp_info extends Struct {
  /** The connection's state: TCP_ESTABLISHED, TCP_LISTEN, TCP_TIME_WAIT, ... */
  declare tcpi_state: number;
  declare tcpi_ca_state: number;
  declare tcpi_retransmits: number;
  declare tcpi_probes: number;
  declare tcpi_backoff: number;
  declare tcpi_options: number;
  declare tcpi_snd_wscale: number;
  declare tcpi_rcv_wscale: number;
  declare tcpi_rto: number;
  declare tcpi_ato: number;
  declare tcpi_snd_mss: number;
  declare tcpi_rcv_mss: number;
  declare tcpi_unacked: number;
  declare tcpi_sacked: number;
  declare tcpi_lost: number;
  declare tcpi_retrans: number;
  declare tcpi_fackets: number;
  declare tcpi_last_data_sent: number;
  declare tcpi_last_ack_sent: number;
  declare tcpi_last_data_recv: number;
  declare tcpi_last_ack_recv: number;
  declare tcpi_pmtu: number;
  declare tcpi_rcv_ssthresh: number;
  /** The smoothed round-trip time, in microseconds. */
  declare tcpi_rtt: number;
  declare tcpi_rttvar: number;
  declare tcpi_snd_ssthresh: number;
  declare tcpi_snd_cwnd: number;
  declare tcpi_advmss: number;
  declare tcpi_reordering: number;
  declare tcpi_rcv_rtt: number;
  declare tcpi_rcv_space: number;
  declare tcpi_total_retrans: number;
}
const fields = [
  "tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff", "tcpi_options",
  "tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss",
  "tcpi_unacked", "tcpi_sacked", "tcpi_lost", "tcpi_retrans", "tcpi_fackets",
  "tcpi_last_data_sent", "tcpi_last_ack_sent", "tcpi_last_data_recv", "tcpi_last_ack_recv",
  "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar", "tcpi_snd_ssthresh", "tcpi_snd_cwnd",
  "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space", "tcpi_total_retrans",
] as const;
defineStruct(tcp_info, "tcp_info", Object.fromEntries(fields.map((f) => [f, "uint" as const])));

// The bitfields: read and write their bits of the shared byte, as C does.
for (const [name, [byte, shift, width]] of Object.entries(tcp_info.layout?.bitfields ?? {})) {
  const mask = ((1 << width) - 1) << shift;
  Object.defineProperty(tcp_info.prototype, name, {
    get(this: Struct) {
      return (this[BYTES][byte]! & mask) >> shift;
    },
    set(this: Struct, v: unknown) {
      if (typeof v !== "number") throw new TypeError(`tcp_info.${name} must be a number, got ${describe(v)}`);
      // C truncates an assignment to a bitfield's width.
      this[BYTES][byte] = (this[BYTES][byte]! & ~mask) | ((v << shift) & mask);
    },
    enumerable: true,
    configurable: false,
  });
}
