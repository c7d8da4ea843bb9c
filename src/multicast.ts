// The multicast option structs of <netinet/in.h> (ip(7), ipv6(7)), byte-exact:
// sizes and field offsets come from the native build, so ip_mreq_source keeps
// the platform's own field order (Linux puts imr_interface second, the BSDs
// put imr_sourceaddr second). They are option values for setsockopt(2).
import { in6_addr, in_addr, sockaddr_storage } from "./sockaddr.js";
import { defineStruct, Struct } from "./struct.js";

/** struct ip_mreq: IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP by interface address. */
export class ip_mreq extends Struct {
  declare imr_multiaddr: in_addr;
  declare imr_interface: in_addr;
}
defineStruct(ip_mreq, "ip_mreq", { imr_multiaddr: in_addr, imr_interface: in_addr });

/** struct ip_mreqn: like ip_mreq, plus an interface index (Linux tells them apart by optlen). */
export class ip_mreqn extends Struct {
  declare imr_multiaddr: in_addr;
  declare imr_address: in_addr;
  declare imr_ifindex: number;
}
defineStruct(ip_mreqn, "ip_mreqn", { imr_multiaddr: in_addr, imr_address: in_addr, imr_ifindex: "int" });

/** struct ip_mreq_source: IP_ADD_SOURCE_MEMBERSHIP, IP_BLOCK_SOURCE, ... */
export class ip_mreq_source extends Struct {
  declare imr_multiaddr: in_addr;
  declare imr_interface: in_addr;
  declare imr_sourceaddr: in_addr;
}
defineStruct(ip_mreq_source, "ip_mreq_source", { imr_multiaddr: in_addr, imr_interface: in_addr, imr_sourceaddr: in_addr });

/**
 * struct group_req (RFC 3678): MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP for either
 * family. gr_group is a sockaddr_storage: fill it through
 * cast(sockaddr_in, req.gr_group), as C does with a pointer cast.
 */
export class group_req extends Struct {
  declare gr_interface: number;
  declare gr_group: sockaddr_storage;
}
defineStruct(group_req, "group_req", { gr_interface: "uint", gr_group: sockaddr_storage });

/** struct group_source_req: MCAST_JOIN_SOURCE_GROUP, MCAST_BLOCK_SOURCE, ... */
export class group_source_req extends Struct {
  declare gsr_interface: number;
  declare gsr_group: sockaddr_storage;
  declare gsr_source: sockaddr_storage;
}
defineStruct(group_source_req, "group_source_req", { gsr_interface: "uint", gsr_group: sockaddr_storage, gsr_source: sockaddr_storage });

/** struct ipv6_mreq: IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP; ipv6mr_interface is an index (0: the kernel picks). */
export class ipv6_mreq extends Struct {
  declare ipv6mr_multiaddr: in6_addr;
  declare ipv6mr_interface: number;
}
defineStruct(ipv6_mreq, "ipv6_mreq", { ipv6mr_multiaddr: in6_addr, ipv6mr_interface: "uint" });
