// The multicast option structs of <netinet/in.h> (ip(7), ipv6(7)), byte-exact:
// sizes and field offsets come from the native build, so ip_mreq_source keeps
// the platform's own field order (Linux puts imr_interface second, the BSDs
// put imr_sourceaddr second). They are option values for setsockopt(2).
import { in6_addr, in_addr, sockaddr_storage } from "./sockaddr.js";
import { defineStruct, Struct } from "./struct.js";

/** struct ip_mreq (ip(7)): the IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP value, naming the interface by address. */
export class ip_mreq extends Struct {
  /** The group, s_addr in network byte order: `inet_pton(AF_INET, "239.1.2.3", mreq.imr_multiaddr)`. */
  declare imr_multiaddr: in_addr;
  /** The local interface's address, s_addr in network byte order; `htonl(INADDR_ANY)` lets the kernel choose. */
  declare imr_interface: in_addr;
}
defineStruct(ip_mreq, "ip_mreq", { imr_multiaddr: in_addr, imr_interface: in_addr });

/** struct ip_mreqn (ip(7)): like ip_mreq, plus an interface index (Linux tells them apart by optlen); also an IP_MULTICAST_IF value. */
export class ip_mreqn extends Struct {
  /** The group, s_addr in network byte order. */
  declare imr_multiaddr: in_addr;
  /** The local interface's address, s_addr in network byte order (INADDR_ANY: by index). */
  declare imr_address: in_addr;
  /** The interface index (if_nametoindex), host byte order; 0: any. */
  declare imr_ifindex: number;
}
defineStruct(ip_mreqn, "ip_mreqn", { imr_multiaddr: in_addr, imr_address: in_addr, imr_ifindex: "int" });

/** struct ip_mreq_source (ip(7)): the IP_ADD_SOURCE_MEMBERSHIP, IP_BLOCK_SOURCE, ... value. */
export class ip_mreq_source extends Struct {
  /** The group, s_addr in network byte order. */
  declare imr_multiaddr: in_addr;
  /** The local interface's address, s_addr in network byte order. */
  declare imr_interface: in_addr;
  /** The source to accept or block, s_addr in network byte order. */
  declare imr_sourceaddr: in_addr;
}
defineStruct(ip_mreq_source, "ip_mreq_source", { imr_multiaddr: in_addr, imr_interface: in_addr, imr_sourceaddr: in_addr });

/**
 * struct group_req (RFC 3678, ip(7)): MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP
 * for either family. gr_group is a sockaddr_storage: fill it through
 * `cast(sockaddr_in, req.gr_group)`, as C does with a pointer cast.
 */
export class group_req extends Struct {
  /** The interface index, host byte order; 0: the kernel chooses. */
  declare gr_interface: number;
  /** The group address (its address bytes in network order, as in any sockaddr). */
  declare gr_group: sockaddr_storage;
}
defineStruct(group_req, "group_req", { gr_interface: "uint", gr_group: sockaddr_storage });

/** struct group_source_req (RFC 3678, ip(7)): MCAST_JOIN_SOURCE_GROUP, MCAST_BLOCK_SOURCE, ... */
export class group_source_req extends Struct {
  /** The interface index, host byte order. */
  declare gsr_interface: number;
  /** The group address. */
  declare gsr_group: sockaddr_storage;
  /** The source address. */
  declare gsr_source: sockaddr_storage;
}
defineStruct(group_source_req, "group_source_req", { gsr_interface: "uint", gsr_group: sockaddr_storage, gsr_source: sockaddr_storage });

/** struct ipv6_mreq (ipv6(7)): the IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP value. */
export class ipv6_mreq extends Struct {
  /** The group (16 bytes, network order). */
  declare ipv6mr_multiaddr: in6_addr;
  /** The interface index (if_nametoindex), host byte order; 0: the kernel picks. */
  declare ipv6mr_interface: number;
}
defineStruct(ipv6_mreq, "ipv6_mreq", { ipv6mr_multiaddr: in6_addr, ipv6mr_interface: "uint" });
