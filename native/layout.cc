// Struct layouts as the compiler sees them: size, and each field's offset and
// size. The TypeScript struct classes are views built from this table, so no
// size or offset is ever written down in TypeScript (MIRROR §4).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "platform.h"
#include "shim.h"

namespace bs {
namespace {

struct Layout {
  Napi::Env env;
  Napi::Object all;
  Napi::Object fields;
  Napi::Object current;

  void Struct(const char* name, size_t size) {
    current = Napi::Object::New(env);
    fields = Napi::Object::New(env);
    current.Set("size", Napi::Number::New(env, static_cast<double>(size)));
    current.Set("fields", fields);
    all.Set(name, current);
  }
  // A bitfield: the byte holding it, the bit it starts at, and its width.
  void Bits(const char* name, size_t byte, unsigned shift, unsigned width) {
    Napi::Object bits = current.Has("bitfields") ? current.Get("bitfields").As<Napi::Object>() : Napi::Object::New(env);
    Napi::Array f = Napi::Array::New(env, 3);
    f.Set(0u, Napi::Number::New(env, static_cast<double>(byte)));
    f.Set(1u, Napi::Number::New(env, shift));
    f.Set(2u, Napi::Number::New(env, width));
    bits.Set(name, f);
    current.Set("bitfields", bits);
  }
  void Field(const char* name, size_t offset, size_t size) {
    Napi::Array f = Napi::Array::New(env, 2);
    f.Set(0u, Napi::Number::New(env, static_cast<double>(offset)));
    f.Set(1u, Napi::Number::New(env, static_cast<double>(size)));
    fields.Set(name, f);
  }
};

// offsetof cannot take a bitfield, so tcp_info's two 4-bit window scales are
// located by experiment: set each to a distinct nibble pattern and find the
// byte and the half of it that changed. glibc declares them as one uint8_t
// (tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4) right after tcpi_options.
void TcpInfoWscale(Layout& l) {
  struct tcp_info probe;
  std::memset(&probe, 0, sizeof probe);
  probe.tcpi_snd_wscale = 0xA;
  probe.tcpi_rcv_wscale = 0x5;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(&probe);
  for (size_t i = 0; i < sizeof probe; i++) {
    if (p[i] == 0) continue;
    // Both nibbles share this byte (the declaration above); which half is whose
    // depends on the ABI's bitfield order.
    l.Bits("tcpi_snd_wscale", i, (p[i] & 0x0f) == 0xA ? 0 : 4, 4);
    l.Bits("tcpi_rcv_wscale", i, (p[i] & 0x0f) == 0x5 ? 0 : 4, 4);
    return;
  }
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  Layout l{env, Napi::Object::New(env), Napi::Object(), Napi::Object()};
#define S(type) l.Struct(#type, sizeof(struct type))
#define F(type, field) l.Field(#field, offsetof(struct type, field), sizeof(((struct type*)nullptr)->field))
  S(in_addr);
  F(in_addr, s_addr);
  S(in6_addr);
  F(in6_addr, s6_addr);
  S(sockaddr);
  F(sockaddr, sa_family);
  F(sockaddr, sa_data);
  S(sockaddr_in);
  F(sockaddr_in, sin_family);
  F(sockaddr_in, sin_port);
  F(sockaddr_in, sin_addr);
  F(sockaddr_in, sin_zero);
  S(sockaddr_in6);
  F(sockaddr_in6, sin6_family);
  F(sockaddr_in6, sin6_port);
  F(sockaddr_in6, sin6_flowinfo);
  F(sockaddr_in6, sin6_addr);
  F(sockaddr_in6, sin6_scope_id);
  S(sockaddr_un);
  F(sockaddr_un, sun_family);
  F(sockaddr_un, sun_path);
  S(sockaddr_storage);
  F(sockaddr_storage, ss_family);
  S(timeval);
  F(timeval, tv_sec);
  F(timeval, tv_usec);
  S(timespec);
  F(timespec, tv_sec);
  F(timespec, tv_nsec);
  S(linger);
  F(linger, l_onoff);
  F(linger, l_linger);
  // addrinfo: the int fields are byte-exact; the pointer fields are JS values.
  S(addrinfo);
  F(addrinfo, ai_flags);
  F(addrinfo, ai_family);
  F(addrinfo, ai_socktype);
  F(addrinfo, ai_protocol);
  F(addrinfo, ai_addrlen);
  // Multicast option structs.
  S(ip_mreq);
  F(ip_mreq, imr_multiaddr);
  F(ip_mreq, imr_interface);
  S(ip_mreqn);
  F(ip_mreqn, imr_multiaddr);
  F(ip_mreqn, imr_address);
  F(ip_mreqn, imr_ifindex);
  S(ip_mreq_source);
  F(ip_mreq_source, imr_multiaddr);
  F(ip_mreq_source, imr_interface);
  F(ip_mreq_source, imr_sourceaddr);
  S(group_req);
  F(group_req, gr_interface);
  F(group_req, gr_group);
  S(group_source_req);
  F(group_source_req, gsr_interface);
  F(group_source_req, gsr_group);
  F(group_source_req, gsr_source);
  S(ipv6_mreq);
  F(ipv6_mreq, ipv6mr_multiaddr);
  F(ipv6_mreq, ipv6mr_interface);
  S(in_pktinfo);
  F(in_pktinfo, ipi_ifindex);
  F(in_pktinfo, ipi_spec_dst);
  F(in_pktinfo, ipi_addr);
  S(in6_pktinfo);
  F(in6_pktinfo, ipi6_addr);
  F(in6_pktinfo, ipi6_ifindex);
  S(cmsghdr);
  F(cmsghdr, cmsg_len);
  F(cmsghdr, cmsg_level);
  F(cmsghdr, cmsg_type);
  // Multiplexing.
  S(pollfd);
  F(pollfd, fd);
  F(pollfd, events);
  F(pollfd, revents);
  S(epoll_event);
  F(epoll_event, events);
  F(epoll_event, data);
  // TCP_INFO (tcp(7)): glibc's struct tcp_info; the window-scale bitfields
  // are located by TcpInfoWscale below.
  S(tcp_info);
  F(tcp_info, tcpi_state);
  F(tcp_info, tcpi_ca_state);
  F(tcp_info, tcpi_retransmits);
  F(tcp_info, tcpi_probes);
  F(tcp_info, tcpi_backoff);
  F(tcp_info, tcpi_options);
  TcpInfoWscale(l);
  F(tcp_info, tcpi_rto);
  F(tcp_info, tcpi_ato);
  F(tcp_info, tcpi_snd_mss);
  F(tcp_info, tcpi_rcv_mss);
  F(tcp_info, tcpi_unacked);
  F(tcp_info, tcpi_sacked);
  F(tcp_info, tcpi_lost);
  F(tcp_info, tcpi_retrans);
  F(tcp_info, tcpi_fackets);
  F(tcp_info, tcpi_last_data_sent);
  F(tcp_info, tcpi_last_ack_sent);
  F(tcp_info, tcpi_last_data_recv);
  F(tcp_info, tcpi_last_ack_recv);
  F(tcp_info, tcpi_pmtu);
  F(tcp_info, tcpi_rcv_ssthresh);
  F(tcp_info, tcpi_rtt);
  F(tcp_info, tcpi_rttvar);
  F(tcp_info, tcpi_snd_ssthresh);
  F(tcp_info, tcpi_snd_cwnd);
  F(tcp_info, tcpi_advmss);
  F(tcp_info, tcpi_reordering);
  F(tcp_info, tcpi_rcv_rtt);
  F(tcp_info, tcpi_rcv_space);
  F(tcp_info, tcpi_total_retrans);
  // epoll_data is a union (no struct keyword): every member at offset 0.
  l.Struct("epoll_data", sizeof(epoll_data_t));
  l.Field("ptr", offsetof(epoll_data_t, ptr), sizeof(void*));
  l.Field("fd", offsetof(epoll_data_t, fd), sizeof(int));
  l.Field("u32", offsetof(epoll_data_t, u32), sizeof(uint32_t));
  l.Field("u64", offsetof(epoll_data_t, u64), sizeof(uint64_t));
  // fd_set's one field is spelled __fds_bits by glibc (fds_bits under XOPEN).
  l.Struct("fd_set", sizeof(fd_set));
  l.Field("fds_bits", 0, sizeof(fd_set));
#undef F
#undef S
  exports.Set("layout", l.all);
  Napi::Object misc = Napi::Object::New(env);
  // Alignment used by CMSG_ALIGN, and sizeof(int) used for plain option values.
  misc.Set("cmsg_align", Napi::Number::New(env, static_cast<double>(CMSG_ALIGN(1))));
  // FD_SET's bit arithmetic works on words of this size (glibc's __fd_mask).
  misc.Set("sizeof_fd_mask", Napi::Number::New(env, static_cast<double>(sizeof(__fd_mask))));
  misc.Set("sizeof_int", Napi::Number::New(env, static_cast<double>(sizeof(int))));
  misc.Set("little_endian", Napi::Boolean::New(env, __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__));
  exports.Set("platform", misc);
  // C's scalar types, for sizeof(int), sizeof(uint32_t), ... and for printf's
  // length modifiers (%ld reads a long, %zu a size_t): sizes in bytes.
  Napi::Object types = Napi::Object::New(env);
#define T(type) types.Set(#type, Napi::Number::New(env, static_cast<double>(sizeof(type))))
  T(char);
  T(short);
  T(int);
  T(unsigned);
  T(long);
  T(long long);
  T(size_t);
  T(ssize_t);
  T(ptrdiff_t);
  T(intmax_t);
  T(int8_t);
  T(int16_t);
  T(int32_t);
  T(int64_t);
  T(uint8_t);
  T(uint16_t);
  T(uint32_t);
  T(uint64_t);
  T(socklen_t);
  T(in_addr_t);
  T(in_port_t);
  T(sa_family_t);
  T(void*);
#undef T
  exports.Set("types", types);
}

}  // namespace bs
