// Every constant the API exports, each under #ifdef so a constant exists only
// where the platform's headers define it (MIRROR §7). src/constants.ts lists
// the same names; test/constants.test.ts checks the two agree.
#include "platform.h"
#include "shim.h"

namespace bs {

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
#define C(name) c.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
#ifdef AF_ALG
  C(AF_ALG);
#endif
#ifdef AF_APPLETALK
  C(AF_APPLETALK);
#endif
#ifdef AF_ASH
  C(AF_ASH);
#endif
#ifdef AF_ATMPVC
  C(AF_ATMPVC);
#endif
#ifdef AF_ATMSVC
  C(AF_ATMSVC);
#endif
#ifdef AF_AX25
  C(AF_AX25);
#endif
#ifdef AF_BLUETOOTH
  C(AF_BLUETOOTH);
#endif
#ifdef AF_BRIDGE
  C(AF_BRIDGE);
#endif
#ifdef AF_CAIF
  C(AF_CAIF);
#endif
#ifdef AF_CAN
  C(AF_CAN);
#endif
#ifdef AF_DECnet
  C(AF_DECnet);
#endif
#ifdef AF_ECONET
  C(AF_ECONET);
#endif
#ifdef AF_FILE
  C(AF_FILE);
#endif
#ifdef AF_IB
  C(AF_IB);
#endif
#ifdef AF_IEEE802154
  C(AF_IEEE802154);
#endif
#ifdef AF_INET
  C(AF_INET);
#endif
#ifdef AF_INET6
  C(AF_INET6);
#endif
#ifdef AF_IPX
  C(AF_IPX);
#endif
#ifdef AF_IRDA
  C(AF_IRDA);
#endif
#ifdef AF_ISDN
  C(AF_ISDN);
#endif
#ifdef AF_IUCV
  C(AF_IUCV);
#endif
#ifdef AF_KCM
  C(AF_KCM);
#endif
#ifdef AF_KEY
  C(AF_KEY);
#endif
#ifdef AF_LLC
  C(AF_LLC);
#endif
#ifdef AF_LOCAL
  C(AF_LOCAL);
#endif
#ifdef AF_MAX
  C(AF_MAX);
#endif
#ifdef AF_MCTP
  C(AF_MCTP);
#endif
#ifdef AF_MPLS
  C(AF_MPLS);
#endif
#ifdef AF_NETBEUI
  C(AF_NETBEUI);
#endif
#ifdef AF_NETLINK
  C(AF_NETLINK);
#endif
#ifdef AF_NETROM
  C(AF_NETROM);
#endif
#ifdef AF_NFC
  C(AF_NFC);
#endif
#ifdef AF_PACKET
  C(AF_PACKET);
#endif
#ifdef AF_PHONET
  C(AF_PHONET);
#endif
#ifdef AF_PPPOX
  C(AF_PPPOX);
#endif
#ifdef AF_QIPCRTR
  C(AF_QIPCRTR);
#endif
#ifdef AF_RDS
  C(AF_RDS);
#endif
#ifdef AF_ROSE
  C(AF_ROSE);
#endif
#ifdef AF_ROUTE
  C(AF_ROUTE);
#endif
#ifdef AF_RXRPC
  C(AF_RXRPC);
#endif
#ifdef AF_SECURITY
  C(AF_SECURITY);
#endif
#ifdef AF_SMC
  C(AF_SMC);
#endif
#ifdef AF_SNA
  C(AF_SNA);
#endif
#ifdef AF_TIPC
  C(AF_TIPC);
#endif
#ifdef AF_UNIX
  C(AF_UNIX);
#endif
#ifdef AF_UNSPEC
  C(AF_UNSPEC);
#endif
#ifdef AF_VSOCK
  C(AF_VSOCK);
#endif
#ifdef AF_WANPIPE
  C(AF_WANPIPE);
#endif
#ifdef AF_X25
  C(AF_X25);
#endif
#ifdef AF_XDP
  C(AF_XDP);
#endif
#ifdef AI_ADDRCONFIG
  C(AI_ADDRCONFIG);
#endif
#ifdef AI_ALL
  C(AI_ALL);
#endif
#ifdef AI_CANONIDN
  C(AI_CANONIDN);
#endif
#ifdef AI_CANONNAME
  C(AI_CANONNAME);
#endif
#ifdef AI_IDN
  C(AI_IDN);
#endif
#ifdef AI_NUMERICHOST
  C(AI_NUMERICHOST);
#endif
#ifdef AI_NUMERICSERV
  C(AI_NUMERICSERV);
#endif
#ifdef AI_PASSIVE
  C(AI_PASSIVE);
#endif
#ifdef AI_V4MAPPED
  C(AI_V4MAPPED);
#endif
#ifdef E2BIG
  C(E2BIG);
#endif
#ifdef EACCES
  C(EACCES);
#endif
#ifdef EADDRINUSE
  C(EADDRINUSE);
#endif
#ifdef EADDRNOTAVAIL
  C(EADDRNOTAVAIL);
#endif
#ifdef EADV
  C(EADV);
#endif
#ifdef EAFNOSUPPORT
  C(EAFNOSUPPORT);
#endif
#ifdef EAGAIN
  C(EAGAIN);
#endif
#ifdef EAI_ADDRFAMILY
  C(EAI_ADDRFAMILY);
#endif
#ifdef EAI_AGAIN
  C(EAI_AGAIN);
#endif
#ifdef EAI_ALLDONE
  C(EAI_ALLDONE);
#endif
#ifdef EAI_BADFLAGS
  C(EAI_BADFLAGS);
#endif
#ifdef EAI_CANCELED
  C(EAI_CANCELED);
#endif
#ifdef EAI_FAIL
  C(EAI_FAIL);
#endif
#ifdef EAI_FAMILY
  C(EAI_FAMILY);
#endif
#ifdef EAI_IDN_ENCODE
  C(EAI_IDN_ENCODE);
#endif
#ifdef EAI_INPROGRESS
  C(EAI_INPROGRESS);
#endif
#ifdef EAI_INTR
  C(EAI_INTR);
#endif
#ifdef EAI_MEMORY
  C(EAI_MEMORY);
#endif
#ifdef EAI_NODATA
  C(EAI_NODATA);
#endif
#ifdef EAI_NONAME
  C(EAI_NONAME);
#endif
#ifdef EAI_NOTCANCELED
  C(EAI_NOTCANCELED);
#endif
#ifdef EAI_OVERFLOW
  C(EAI_OVERFLOW);
#endif
#ifdef EAI_SERVICE
  C(EAI_SERVICE);
#endif
#ifdef EAI_SOCKTYPE
  C(EAI_SOCKTYPE);
#endif
#ifdef EAI_SYSTEM
  C(EAI_SYSTEM);
#endif
#ifdef EALREADY
  C(EALREADY);
#endif
#ifdef EBADE
  C(EBADE);
#endif
#ifdef EBADF
  C(EBADF);
#endif
#ifdef EBADFD
  C(EBADFD);
#endif
#ifdef EBADMSG
  C(EBADMSG);
#endif
#ifdef EBADR
  C(EBADR);
#endif
#ifdef EBADRQC
  C(EBADRQC);
#endif
#ifdef EBADSLT
  C(EBADSLT);
#endif
#ifdef EBFONT
  C(EBFONT);
#endif
#ifdef EBUSY
  C(EBUSY);
#endif
#ifdef ECANCELED
  C(ECANCELED);
#endif
#ifdef ECHILD
  C(ECHILD);
#endif
#ifdef ECHRNG
  C(ECHRNG);
#endif
#ifdef ECOMM
  C(ECOMM);
#endif
#ifdef ECONNABORTED
  C(ECONNABORTED);
#endif
#ifdef ECONNREFUSED
  C(ECONNREFUSED);
#endif
#ifdef ECONNRESET
  C(ECONNRESET);
#endif
#ifdef EDEADLK
  C(EDEADLK);
#endif
#ifdef EDEADLOCK
  C(EDEADLOCK);
#endif
#ifdef EDESTADDRREQ
  C(EDESTADDRREQ);
#endif
#ifdef EDOM
  C(EDOM);
#endif
#ifdef EDOTDOT
  C(EDOTDOT);
#endif
#ifdef EDQUOT
  C(EDQUOT);
#endif
#ifdef EEXIST
  C(EEXIST);
#endif
#ifdef EFAULT
  C(EFAULT);
#endif
#ifdef EFBIG
  C(EFBIG);
#endif
#ifdef EHOSTDOWN
  C(EHOSTDOWN);
#endif
#ifdef EHOSTUNREACH
  C(EHOSTUNREACH);
#endif
#ifdef EHWPOISON
  C(EHWPOISON);
#endif
#ifdef EIDRM
  C(EIDRM);
#endif
#ifdef EILSEQ
  C(EILSEQ);
#endif
#ifdef EINPROGRESS
  C(EINPROGRESS);
#endif
#ifdef EINTR
  C(EINTR);
#endif
#ifdef EINVAL
  C(EINVAL);
#endif
#ifdef EIO
  C(EIO);
#endif
#ifdef EISCONN
  C(EISCONN);
#endif
#ifdef EISDIR
  C(EISDIR);
#endif
#ifdef EISNAM
  C(EISNAM);
#endif
#ifdef EKEYEXPIRED
  C(EKEYEXPIRED);
#endif
#ifdef EKEYREJECTED
  C(EKEYREJECTED);
#endif
#ifdef EKEYREVOKED
  C(EKEYREVOKED);
#endif
#ifdef EL2HLT
  C(EL2HLT);
#endif
#ifdef EL2NSYNC
  C(EL2NSYNC);
#endif
#ifdef EL3HLT
  C(EL3HLT);
#endif
#ifdef EL3RST
  C(EL3RST);
#endif
#ifdef ELIBACC
  C(ELIBACC);
#endif
#ifdef ELIBBAD
  C(ELIBBAD);
#endif
#ifdef ELIBEXEC
  C(ELIBEXEC);
#endif
#ifdef ELIBMAX
  C(ELIBMAX);
#endif
#ifdef ELIBSCN
  C(ELIBSCN);
#endif
#ifdef ELNRNG
  C(ELNRNG);
#endif
#ifdef ELOOP
  C(ELOOP);
#endif
#ifdef EMEDIUMTYPE
  C(EMEDIUMTYPE);
#endif
#ifdef EMFILE
  C(EMFILE);
#endif
#ifdef EMLINK
  C(EMLINK);
#endif
#ifdef EMSGSIZE
  C(EMSGSIZE);
#endif
#ifdef EMULTIHOP
  C(EMULTIHOP);
#endif
#ifdef ENAMETOOLONG
  C(ENAMETOOLONG);
#endif
#ifdef ENAVAIL
  C(ENAVAIL);
#endif
#ifdef ENETDOWN
  C(ENETDOWN);
#endif
#ifdef ENETRESET
  C(ENETRESET);
#endif
#ifdef ENETUNREACH
  C(ENETUNREACH);
#endif
#ifdef ENFILE
  C(ENFILE);
#endif
#ifdef ENOANO
  C(ENOANO);
#endif
#ifdef ENOBUFS
  C(ENOBUFS);
#endif
#ifdef ENOCSI
  C(ENOCSI);
#endif
#ifdef ENODATA
  C(ENODATA);
#endif
#ifdef ENODEV
  C(ENODEV);
#endif
#ifdef ENOENT
  C(ENOENT);
#endif
#ifdef ENOEXEC
  C(ENOEXEC);
#endif
#ifdef ENOKEY
  C(ENOKEY);
#endif
#ifdef ENOLCK
  C(ENOLCK);
#endif
#ifdef ENOLINK
  C(ENOLINK);
#endif
#ifdef ENOMEDIUM
  C(ENOMEDIUM);
#endif
#ifdef ENOMEM
  C(ENOMEM);
#endif
#ifdef ENOMSG
  C(ENOMSG);
#endif
#ifdef ENONET
  C(ENONET);
#endif
#ifdef ENOPKG
  C(ENOPKG);
#endif
#ifdef ENOPROTOOPT
  C(ENOPROTOOPT);
#endif
#ifdef ENOSPC
  C(ENOSPC);
#endif
#ifdef ENOSR
  C(ENOSR);
#endif
#ifdef ENOSTR
  C(ENOSTR);
#endif
#ifdef ENOSYS
  C(ENOSYS);
#endif
#ifdef ENOTBLK
  C(ENOTBLK);
#endif
#ifdef ENOTCONN
  C(ENOTCONN);
#endif
#ifdef ENOTDIR
  C(ENOTDIR);
#endif
#ifdef ENOTEMPTY
  C(ENOTEMPTY);
#endif
#ifdef ENOTNAM
  C(ENOTNAM);
#endif
#ifdef ENOTRECOVERABLE
  C(ENOTRECOVERABLE);
#endif
#ifdef ENOTSOCK
  C(ENOTSOCK);
#endif
#ifdef ENOTSUP
  C(ENOTSUP);
#endif
#ifdef ENOTTY
  C(ENOTTY);
#endif
#ifdef ENOTUNIQ
  C(ENOTUNIQ);
#endif
#ifdef ENXIO
  C(ENXIO);
#endif
#ifdef EOPNOTSUPP
  C(EOPNOTSUPP);
#endif
#ifdef EOVERFLOW
  C(EOVERFLOW);
#endif
#ifdef EOWNERDEAD
  C(EOWNERDEAD);
#endif
#ifdef EPERM
  C(EPERM);
#endif
#ifdef EPFNOSUPPORT
  C(EPFNOSUPPORT);
#endif
#ifdef EPIPE
  C(EPIPE);
#endif
#ifdef EPOLLERR
  C(EPOLLERR);
#endif
#ifdef EPOLLET
  C(EPOLLET);
#endif
#ifdef EPOLLEXCLUSIVE
  C(EPOLLEXCLUSIVE);
#endif
#ifdef EPOLLHUP
  C(EPOLLHUP);
#endif
#ifdef EPOLLIN
  C(EPOLLIN);
#endif
#ifdef EPOLLMSG
  C(EPOLLMSG);
#endif
#ifdef EPOLLONESHOT
  C(EPOLLONESHOT);
#endif
#ifdef EPOLLOUT
  C(EPOLLOUT);
#endif
#ifdef EPOLLPRI
  C(EPOLLPRI);
#endif
#ifdef EPOLLRDBAND
  C(EPOLLRDBAND);
#endif
#ifdef EPOLLRDHUP
  C(EPOLLRDHUP);
#endif
#ifdef EPOLLRDNORM
  C(EPOLLRDNORM);
#endif
#ifdef EPOLLWAKEUP
  C(EPOLLWAKEUP);
#endif
#ifdef EPOLLWRBAND
  C(EPOLLWRBAND);
#endif
#ifdef EPOLLWRNORM
  C(EPOLLWRNORM);
#endif
#ifdef EPOLL_CLOEXEC
  C(EPOLL_CLOEXEC);
#endif
#ifdef EPOLL_CTL_ADD
  C(EPOLL_CTL_ADD);
#endif
#ifdef EPOLL_CTL_DEL
  C(EPOLL_CTL_DEL);
#endif
#ifdef EPOLL_CTL_MOD
  C(EPOLL_CTL_MOD);
#endif
#ifdef EPROTO
  C(EPROTO);
#endif
#ifdef EPROTONOSUPPORT
  C(EPROTONOSUPPORT);
#endif
#ifdef EPROTOTYPE
  C(EPROTOTYPE);
#endif
#ifdef ERANGE
  C(ERANGE);
#endif
#ifdef EREMCHG
  C(EREMCHG);
#endif
#ifdef EREMOTE
  C(EREMOTE);
#endif
#ifdef EREMOTEIO
  C(EREMOTEIO);
#endif
#ifdef ERESTART
  C(ERESTART);
#endif
#ifdef ERFKILL
  C(ERFKILL);
#endif
#ifdef EROFS
  C(EROFS);
#endif
#ifdef ESHUTDOWN
  C(ESHUTDOWN);
#endif
#ifdef ESOCKTNOSUPPORT
  C(ESOCKTNOSUPPORT);
#endif
#ifdef ESPIPE
  C(ESPIPE);
#endif
#ifdef ESRCH
  C(ESRCH);
#endif
#ifdef ESRMNT
  C(ESRMNT);
#endif
#ifdef ESTALE
  C(ESTALE);
#endif
#ifdef ESTRPIPE
  C(ESTRPIPE);
#endif
#ifdef ETIME
  C(ETIME);
#endif
#ifdef ETIMEDOUT
  C(ETIMEDOUT);
#endif
#ifdef ETOOMANYREFS
  C(ETOOMANYREFS);
#endif
#ifdef ETXTBSY
  C(ETXTBSY);
#endif
#ifdef EUCLEAN
  C(EUCLEAN);
#endif
#ifdef EUNATCH
  C(EUNATCH);
#endif
#ifdef EUSERS
  C(EUSERS);
#endif
#ifdef EWOULDBLOCK
  C(EWOULDBLOCK);
#endif
#ifdef EXDEV
  C(EXDEV);
#endif
#ifdef EXFULL
  C(EXFULL);
#endif
#ifdef FD_CLOEXEC
  C(FD_CLOEXEC);
#endif
#ifdef FD_SETSIZE
  C(FD_SETSIZE);
#endif
#ifdef FIOASYNC
  C(FIOASYNC);
#endif
#ifdef FIOCLEX
  C(FIOCLEX);
#endif
#ifdef FIONBIO
  C(FIONBIO);
#endif
#ifdef FIONCLEX
  C(FIONCLEX);
#endif
#ifdef FIONREAD
  C(FIONREAD);
#endif
#ifdef F_ADD_SEALS
  C(F_ADD_SEALS);
#endif
#ifdef F_DUPFD
  C(F_DUPFD);
#endif
#ifdef F_DUPFD_CLOEXEC
  C(F_DUPFD_CLOEXEC);
#endif
#ifdef F_GETFD
  C(F_GETFD);
#endif
#ifdef F_GETFL
  C(F_GETFL);
#endif
#ifdef F_GETLEASE
  C(F_GETLEASE);
#endif
#ifdef F_GETLK
  C(F_GETLK);
#endif
#ifdef F_GETOWN
  C(F_GETOWN);
#endif
#ifdef F_GETOWN_EX
  C(F_GETOWN_EX);
#endif
#ifdef F_GETPIPE_SZ
  C(F_GETPIPE_SZ);
#endif
#ifdef F_GETSIG
  C(F_GETSIG);
#endif
#ifdef F_GET_FILE_RW_HINT
  C(F_GET_FILE_RW_HINT);
#endif
#ifdef F_GET_RW_HINT
  C(F_GET_RW_HINT);
#endif
#ifdef F_GET_SEALS
  C(F_GET_SEALS);
#endif
#ifdef F_NOTIFY
  C(F_NOTIFY);
#endif
#ifdef F_OFD_GETLK
  C(F_OFD_GETLK);
#endif
#ifdef F_OFD_SETLK
  C(F_OFD_SETLK);
#endif
#ifdef F_OFD_SETLKW
  C(F_OFD_SETLKW);
#endif
#ifdef F_RDLCK
  C(F_RDLCK);
#endif
#ifdef F_SEAL_FUTURE_WRITE
  C(F_SEAL_FUTURE_WRITE);
#endif
#ifdef F_SEAL_GROW
  C(F_SEAL_GROW);
#endif
#ifdef F_SEAL_SEAL
  C(F_SEAL_SEAL);
#endif
#ifdef F_SEAL_SHRINK
  C(F_SEAL_SHRINK);
#endif
#ifdef F_SEAL_WRITE
  C(F_SEAL_WRITE);
#endif
#ifdef F_SETFD
  C(F_SETFD);
#endif
#ifdef F_SETFL
  C(F_SETFL);
#endif
#ifdef F_SETLEASE
  C(F_SETLEASE);
#endif
#ifdef F_SETLK
  C(F_SETLK);
#endif
#ifdef F_SETLKW
  C(F_SETLKW);
#endif
#ifdef F_SETOWN
  C(F_SETOWN);
#endif
#ifdef F_SETOWN_EX
  C(F_SETOWN_EX);
#endif
#ifdef F_SETPIPE_SZ
  C(F_SETPIPE_SZ);
#endif
#ifdef F_SETSIG
  C(F_SETSIG);
#endif
#ifdef F_SET_FILE_RW_HINT
  C(F_SET_FILE_RW_HINT);
#endif
#ifdef F_SET_RW_HINT
  C(F_SET_RW_HINT);
#endif
#ifdef F_UNLCK
  C(F_UNLCK);
#endif
#ifdef F_WRLCK
  C(F_WRLCK);
#endif
#ifdef HOST_NOT_FOUND
  C(HOST_NOT_FOUND);
#endif
#ifdef IFNAMSIZ
  C(IFNAMSIZ);
#endif
#ifdef IF_NAMESIZE
  C(IF_NAMESIZE);
#endif
#ifdef IOV_MAX
  C(IOV_MAX);
#endif
#ifdef INADDR_ALLHOSTS_GROUP
  C(INADDR_ALLHOSTS_GROUP);
#endif
#ifdef INADDR_ALLRTRS_GROUP
  C(INADDR_ALLRTRS_GROUP);
#endif
#ifdef INADDR_ALLSNOOPERS_GROUP
  C(INADDR_ALLSNOOPERS_GROUP);
#endif
#ifdef INADDR_ANY
  C(INADDR_ANY);
#endif
#ifdef INADDR_BROADCAST
  C(INADDR_BROADCAST);
#endif
#ifdef INADDR_DUMMY
  C(INADDR_DUMMY);
#endif
#ifdef INADDR_LOOPBACK
  C(INADDR_LOOPBACK);
#endif
#ifdef INADDR_MAX_LOCAL_GROUP
  C(INADDR_MAX_LOCAL_GROUP);
#endif
#ifdef INADDR_NONE
  C(INADDR_NONE);
#endif
#ifdef INADDR_UNSPEC_GROUP
  C(INADDR_UNSPEC_GROUP);
#endif
#ifdef INET6_ADDRSTRLEN
  C(INET6_ADDRSTRLEN);
#endif
#ifdef INET_ADDRSTRLEN
  C(INET_ADDRSTRLEN);
#endif
#ifdef IPPROTO_AH
  C(IPPROTO_AH);
#endif
#ifdef IPPROTO_BEETPH
  C(IPPROTO_BEETPH);
#endif
#ifdef IPPROTO_COMP
  C(IPPROTO_COMP);
#endif
#ifdef IPPROTO_DCCP
  C(IPPROTO_DCCP);
#endif
#ifdef IPPROTO_DSTOPTS
  C(IPPROTO_DSTOPTS);
#endif
#ifdef IPPROTO_EGP
  C(IPPROTO_EGP);
#endif
#ifdef IPPROTO_ENCAP
  C(IPPROTO_ENCAP);
#endif
#ifdef IPPROTO_ESP
  C(IPPROTO_ESP);
#endif
#ifdef IPPROTO_ETHERNET
  C(IPPROTO_ETHERNET);
#endif
#ifdef IPPROTO_FRAGMENT
  C(IPPROTO_FRAGMENT);
#endif
#ifdef IPPROTO_GRE
  C(IPPROTO_GRE);
#endif
#ifdef IPPROTO_HOPOPTS
  C(IPPROTO_HOPOPTS);
#endif
#ifdef IPPROTO_ICMP
  C(IPPROTO_ICMP);
#endif
#ifdef IPPROTO_ICMPV6
  C(IPPROTO_ICMPV6);
#endif
#ifdef IPPROTO_IDP
  C(IPPROTO_IDP);
#endif
#ifdef IPPROTO_IGMP
  C(IPPROTO_IGMP);
#endif
#ifdef IPPROTO_IP
  C(IPPROTO_IP);
#endif
#ifdef IPPROTO_IPIP
  C(IPPROTO_IPIP);
#endif
#ifdef IPPROTO_IPV6
  C(IPPROTO_IPV6);
#endif
#ifdef IPPROTO_MH
  C(IPPROTO_MH);
#endif
#ifdef IPPROTO_MPLS
  C(IPPROTO_MPLS);
#endif
#ifdef IPPROTO_MPTCP
  C(IPPROTO_MPTCP);
#endif
#ifdef IPPROTO_MTP
  C(IPPROTO_MTP);
#endif
#ifdef IPPROTO_NONE
  C(IPPROTO_NONE);
#endif
#ifdef IPPROTO_PIM
  C(IPPROTO_PIM);
#endif
#ifdef IPPROTO_PUP
  C(IPPROTO_PUP);
#endif
#ifdef IPPROTO_RAW
  C(IPPROTO_RAW);
#endif
#ifdef IPPROTO_ROUTING
  C(IPPROTO_ROUTING);
#endif
#ifdef IPPROTO_RSVP
  C(IPPROTO_RSVP);
#endif
#ifdef IPPROTO_SCTP
  C(IPPROTO_SCTP);
#endif
#ifdef IPPROTO_TCP
  C(IPPROTO_TCP);
#endif
#ifdef IPPROTO_TP
  C(IPPROTO_TP);
#endif
#ifdef IPPROTO_UDP
  C(IPPROTO_UDP);
#endif
#ifdef IPPROTO_UDPLITE
  C(IPPROTO_UDPLITE);
#endif
#ifdef IPV6_2292DSTOPTS
  C(IPV6_2292DSTOPTS);
#endif
#ifdef IPV6_2292HOPLIMIT
  C(IPV6_2292HOPLIMIT);
#endif
#ifdef IPV6_2292HOPOPTS
  C(IPV6_2292HOPOPTS);
#endif
#ifdef IPV6_2292PKTINFO
  C(IPV6_2292PKTINFO);
#endif
#ifdef IPV6_2292PKTOPTIONS
  C(IPV6_2292PKTOPTIONS);
#endif
#ifdef IPV6_2292RTHDR
  C(IPV6_2292RTHDR);
#endif
#ifdef IPV6_ADDRFORM
  C(IPV6_ADDRFORM);
#endif
#ifdef IPV6_ADDR_PREFERENCES
  C(IPV6_ADDR_PREFERENCES);
#endif
#ifdef IPV6_ADD_MEMBERSHIP
  C(IPV6_ADD_MEMBERSHIP);
#endif
#ifdef IPV6_AUTHHDR
  C(IPV6_AUTHHDR);
#endif
#ifdef IPV6_AUTOFLOWLABEL
  C(IPV6_AUTOFLOWLABEL);
#endif
#ifdef IPV6_CHECKSUM
  C(IPV6_CHECKSUM);
#endif
#ifdef IPV6_DONTFRAG
  C(IPV6_DONTFRAG);
#endif
#ifdef IPV6_DROP_MEMBERSHIP
  C(IPV6_DROP_MEMBERSHIP);
#endif
#ifdef IPV6_DSTOPTS
  C(IPV6_DSTOPTS);
#endif
#ifdef IPV6_FLOWINFO
  C(IPV6_FLOWINFO);
#endif
#ifdef IPV6_FLOWINFO_FLOWLABEL
  C(IPV6_FLOWINFO_FLOWLABEL);
#endif
#ifdef IPV6_FLOWINFO_PRIORITY
  C(IPV6_FLOWINFO_PRIORITY);
#endif
#ifdef IPV6_FLOWINFO_SEND
  C(IPV6_FLOWINFO_SEND);
#endif
#ifdef IPV6_FLOWLABEL_MGR
  C(IPV6_FLOWLABEL_MGR);
#endif
#ifdef IPV6_FL_A_GET
  C(IPV6_FL_A_GET);
#endif
#ifdef IPV6_FL_A_PUT
  C(IPV6_FL_A_PUT);
#endif
#ifdef IPV6_FL_A_RENEW
  C(IPV6_FL_A_RENEW);
#endif
#ifdef IPV6_FL_F_CREATE
  C(IPV6_FL_F_CREATE);
#endif
#ifdef IPV6_FL_F_EXCL
  C(IPV6_FL_F_EXCL);
#endif
#ifdef IPV6_FL_F_REFLECT
  C(IPV6_FL_F_REFLECT);
#endif
#ifdef IPV6_FL_F_REMOTE
  C(IPV6_FL_F_REMOTE);
#endif
#ifdef IPV6_FL_S_ANY
  C(IPV6_FL_S_ANY);
#endif
#ifdef IPV6_FL_S_EXCL
  C(IPV6_FL_S_EXCL);
#endif
#ifdef IPV6_FL_S_NONE
  C(IPV6_FL_S_NONE);
#endif
#ifdef IPV6_FL_S_PROCESS
  C(IPV6_FL_S_PROCESS);
#endif
#ifdef IPV6_FL_S_USER
  C(IPV6_FL_S_USER);
#endif
#ifdef IPV6_FREEBIND
  C(IPV6_FREEBIND);
#endif
#ifdef IPV6_HDRINCL
  C(IPV6_HDRINCL);
#endif
#ifdef IPV6_HOPLIMIT
  C(IPV6_HOPLIMIT);
#endif
#ifdef IPV6_HOPOPTS
  C(IPV6_HOPOPTS);
#endif
#ifdef IPV6_IPSEC_POLICY
  C(IPV6_IPSEC_POLICY);
#endif
#ifdef IPV6_JOIN_ANYCAST
  C(IPV6_JOIN_ANYCAST);
#endif
#ifdef IPV6_JOIN_GROUP
  C(IPV6_JOIN_GROUP);
#endif
#ifdef IPV6_LEAVE_ANYCAST
  C(IPV6_LEAVE_ANYCAST);
#endif
#ifdef IPV6_LEAVE_GROUP
  C(IPV6_LEAVE_GROUP);
#endif
#ifdef IPV6_MINHOPCOUNT
  C(IPV6_MINHOPCOUNT);
#endif
#ifdef IPV6_MTU
  C(IPV6_MTU);
#endif
#ifdef IPV6_MTU_DISCOVER
  C(IPV6_MTU_DISCOVER);
#endif
#ifdef IPV6_MULTICAST_ALL
  C(IPV6_MULTICAST_ALL);
#endif
#ifdef IPV6_MULTICAST_HOPS
  C(IPV6_MULTICAST_HOPS);
#endif
#ifdef IPV6_MULTICAST_IF
  C(IPV6_MULTICAST_IF);
#endif
#ifdef IPV6_MULTICAST_LOOP
  C(IPV6_MULTICAST_LOOP);
#endif
#ifdef IPV6_NEXTHOP
  C(IPV6_NEXTHOP);
#endif
#ifdef IPV6_ORIGDSTADDR
  C(IPV6_ORIGDSTADDR);
#endif
#ifdef IPV6_PATHMTU
  C(IPV6_PATHMTU);
#endif
#ifdef IPV6_PKTINFO
  C(IPV6_PKTINFO);
#endif
#ifdef IPV6_PMTUDISC_DO
  C(IPV6_PMTUDISC_DO);
#endif
#ifdef IPV6_PMTUDISC_DONT
  C(IPV6_PMTUDISC_DONT);
#endif
#ifdef IPV6_PMTUDISC_INTERFACE
  C(IPV6_PMTUDISC_INTERFACE);
#endif
#ifdef IPV6_PMTUDISC_OMIT
  C(IPV6_PMTUDISC_OMIT);
#endif
#ifdef IPV6_PMTUDISC_PROBE
  C(IPV6_PMTUDISC_PROBE);
#endif
#ifdef IPV6_PMTUDISC_WANT
  C(IPV6_PMTUDISC_WANT);
#endif
#ifdef IPV6_PREFER_SRC_CGA
  C(IPV6_PREFER_SRC_CGA);
#endif
#ifdef IPV6_PREFER_SRC_COA
  C(IPV6_PREFER_SRC_COA);
#endif
#ifdef IPV6_PREFER_SRC_HOME
  C(IPV6_PREFER_SRC_HOME);
#endif
#ifdef IPV6_PREFER_SRC_NONCGA
  C(IPV6_PREFER_SRC_NONCGA);
#endif
#ifdef IPV6_PREFER_SRC_PUBLIC
  C(IPV6_PREFER_SRC_PUBLIC);
#endif
#ifdef IPV6_PREFER_SRC_PUBTMP_DEFAULT
  C(IPV6_PREFER_SRC_PUBTMP_DEFAULT);
#endif
#ifdef IPV6_PREFER_SRC_TMP
  C(IPV6_PREFER_SRC_TMP);
#endif
#ifdef IPV6_PRIORITY_10
  C(IPV6_PRIORITY_10);
#endif
#ifdef IPV6_PRIORITY_11
  C(IPV6_PRIORITY_11);
#endif
#ifdef IPV6_PRIORITY_12
  C(IPV6_PRIORITY_12);
#endif
#ifdef IPV6_PRIORITY_13
  C(IPV6_PRIORITY_13);
#endif
#ifdef IPV6_PRIORITY_14
  C(IPV6_PRIORITY_14);
#endif
#ifdef IPV6_PRIORITY_15
  C(IPV6_PRIORITY_15);
#endif
#ifdef IPV6_PRIORITY_8
  C(IPV6_PRIORITY_8);
#endif
#ifdef IPV6_PRIORITY_9
  C(IPV6_PRIORITY_9);
#endif
#ifdef IPV6_PRIORITY_BULK
  C(IPV6_PRIORITY_BULK);
#endif
#ifdef IPV6_PRIORITY_CONTROL
  C(IPV6_PRIORITY_CONTROL);
#endif
#ifdef IPV6_PRIORITY_FILLER
  C(IPV6_PRIORITY_FILLER);
#endif
#ifdef IPV6_PRIORITY_INTERACTIVE
  C(IPV6_PRIORITY_INTERACTIVE);
#endif
#ifdef IPV6_PRIORITY_RESERVED1
  C(IPV6_PRIORITY_RESERVED1);
#endif
#ifdef IPV6_PRIORITY_RESERVED2
  C(IPV6_PRIORITY_RESERVED2);
#endif
#ifdef IPV6_PRIORITY_UNATTENDED
  C(IPV6_PRIORITY_UNATTENDED);
#endif
#ifdef IPV6_PRIORITY_UNCHARACTERIZED
  C(IPV6_PRIORITY_UNCHARACTERIZED);
#endif
#ifdef IPV6_RECVDSTOPTS
  C(IPV6_RECVDSTOPTS);
#endif
#ifdef IPV6_RECVERR
  C(IPV6_RECVERR);
#endif
#ifdef IPV6_RECVERR_RFC4884
  C(IPV6_RECVERR_RFC4884);
#endif
#ifdef IPV6_RECVFRAGSIZE
  C(IPV6_RECVFRAGSIZE);
#endif
#ifdef IPV6_RECVHOPLIMIT
  C(IPV6_RECVHOPLIMIT);
#endif
#ifdef IPV6_RECVHOPOPTS
  C(IPV6_RECVHOPOPTS);
#endif
#ifdef IPV6_RECVORIGDSTADDR
  C(IPV6_RECVORIGDSTADDR);
#endif
#ifdef IPV6_RECVPATHMTU
  C(IPV6_RECVPATHMTU);
#endif
#ifdef IPV6_RECVPKTINFO
  C(IPV6_RECVPKTINFO);
#endif
#ifdef IPV6_RECVRTHDR
  C(IPV6_RECVRTHDR);
#endif
#ifdef IPV6_RECVTCLASS
  C(IPV6_RECVTCLASS);
#endif
#ifdef IPV6_ROUTER_ALERT
  C(IPV6_ROUTER_ALERT);
#endif
#ifdef IPV6_ROUTER_ALERT_ISOLATE
  C(IPV6_ROUTER_ALERT_ISOLATE);
#endif
#ifdef IPV6_RTHDR
  C(IPV6_RTHDR);
#endif
#ifdef IPV6_RTHDRDSTOPTS
  C(IPV6_RTHDRDSTOPTS);
#endif
#ifdef IPV6_RTHDR_LOOSE
  C(IPV6_RTHDR_LOOSE);
#endif
#ifdef IPV6_RTHDR_STRICT
  C(IPV6_RTHDR_STRICT);
#endif
#ifdef IPV6_RXDSTOPTS
  C(IPV6_RXDSTOPTS);
#endif
#ifdef IPV6_RXHOPOPTS
  C(IPV6_RXHOPOPTS);
#endif
#ifdef IPV6_TCLASS
  C(IPV6_TCLASS);
#endif
#ifdef IPV6_TLV_CALIPSO
  C(IPV6_TLV_CALIPSO);
#endif
#ifdef IPV6_TLV_HAO
  C(IPV6_TLV_HAO);
#endif
#ifdef IPV6_TLV_IOAM
  C(IPV6_TLV_IOAM);
#endif
#ifdef IPV6_TLV_JUMBO
  C(IPV6_TLV_JUMBO);
#endif
#ifdef IPV6_TLV_PAD1
  C(IPV6_TLV_PAD1);
#endif
#ifdef IPV6_TLV_PADN
  C(IPV6_TLV_PADN);
#endif
#ifdef IPV6_TLV_ROUTERALERT
  C(IPV6_TLV_ROUTERALERT);
#endif
#ifdef IPV6_TRANSPARENT
  C(IPV6_TRANSPARENT);
#endif
#ifdef IPV6_UNICAST_HOPS
  C(IPV6_UNICAST_HOPS);
#endif
#ifdef IPV6_UNICAST_IF
  C(IPV6_UNICAST_IF);
#endif
#ifdef IPV6_V6ONLY
  C(IPV6_V6ONLY);
#endif
#ifdef IPV6_XFRM_POLICY
  C(IPV6_XFRM_POLICY);
#endif
#ifdef IP_ADD_MEMBERSHIP
  C(IP_ADD_MEMBERSHIP);
#endif
#ifdef IP_ADD_SOURCE_MEMBERSHIP
  C(IP_ADD_SOURCE_MEMBERSHIP);
#endif
#ifdef IP_BIND_ADDRESS_NO_PORT
  C(IP_BIND_ADDRESS_NO_PORT);
#endif
#ifdef IP_BLOCK_SOURCE
  C(IP_BLOCK_SOURCE);
#endif
#ifdef IP_CHECKSUM
  C(IP_CHECKSUM);
#endif
#ifdef IP_DROP_MEMBERSHIP
  C(IP_DROP_MEMBERSHIP);
#endif
#ifdef IP_DROP_SOURCE_MEMBERSHIP
  C(IP_DROP_SOURCE_MEMBERSHIP);
#endif
#ifdef IP_FREEBIND
  C(IP_FREEBIND);
#endif
#ifdef IP_HDRINCL
  C(IP_HDRINCL);
#endif
#ifdef IP_IPSEC_POLICY
  C(IP_IPSEC_POLICY);
#endif
#ifdef IP_LOCAL_PORT_RANGE
  C(IP_LOCAL_PORT_RANGE);
#endif
#ifdef IP_MAX_MEMBERSHIPS
  C(IP_MAX_MEMBERSHIPS);
#endif
#ifdef IP_MINTTL
  C(IP_MINTTL);
#endif
#ifdef IP_MSFILTER
  C(IP_MSFILTER);
#endif
#ifdef IP_MTU
  C(IP_MTU);
#endif
#ifdef IP_MTU_DISCOVER
  C(IP_MTU_DISCOVER);
#endif
#ifdef IP_MULTICAST_ALL
  C(IP_MULTICAST_ALL);
#endif
#ifdef IP_MULTICAST_IF
  C(IP_MULTICAST_IF);
#endif
#ifdef IP_MULTICAST_LOOP
  C(IP_MULTICAST_LOOP);
#endif
#ifdef IP_MULTICAST_TTL
  C(IP_MULTICAST_TTL);
#endif
#ifdef IP_NODEFRAG
  C(IP_NODEFRAG);
#endif
#ifdef IP_OPTIONS
  C(IP_OPTIONS);
#endif
#ifdef IP_ORIGDSTADDR
  C(IP_ORIGDSTADDR);
#endif
#ifdef IP_PASSSEC
  C(IP_PASSSEC);
#endif
#ifdef IP_PKTINFO
  C(IP_PKTINFO);
#endif
#ifdef IP_PKTOPTIONS
  C(IP_PKTOPTIONS);
#endif
#ifdef IP_PMTUDISC
  C(IP_PMTUDISC);
#endif
#ifdef IP_PMTUDISC_DO
  C(IP_PMTUDISC_DO);
#endif
#ifdef IP_PMTUDISC_DONT
  C(IP_PMTUDISC_DONT);
#endif
#ifdef IP_PMTUDISC_INTERFACE
  C(IP_PMTUDISC_INTERFACE);
#endif
#ifdef IP_PMTUDISC_OMIT
  C(IP_PMTUDISC_OMIT);
#endif
#ifdef IP_PMTUDISC_PROBE
  C(IP_PMTUDISC_PROBE);
#endif
#ifdef IP_PMTUDISC_WANT
  C(IP_PMTUDISC_WANT);
#endif
#ifdef IP_PROTOCOL
  C(IP_PROTOCOL);
#endif
#ifdef IP_RECVERR
  C(IP_RECVERR);
#endif
#ifdef IP_RECVERR_RFC4884
  C(IP_RECVERR_RFC4884);
#endif
#ifdef IP_RECVFRAGSIZE
  C(IP_RECVFRAGSIZE);
#endif
#ifdef IP_RECVOPTS
  C(IP_RECVOPTS);
#endif
#ifdef IP_RECVORIGDSTADDR
  C(IP_RECVORIGDSTADDR);
#endif
#ifdef IP_RECVRETOPTS
  C(IP_RECVRETOPTS);
#endif
#ifdef IP_RECVTOS
  C(IP_RECVTOS);
#endif
#ifdef IP_RECVTTL
  C(IP_RECVTTL);
#endif
#ifdef IP_RETOPTS
  C(IP_RETOPTS);
#endif
#ifdef IP_ROUTER_ALERT
  C(IP_ROUTER_ALERT);
#endif
#ifdef IP_TOS
  C(IP_TOS);
#endif
#ifdef IP_TRANSPARENT
  C(IP_TRANSPARENT);
#endif
#ifdef IP_TTL
  C(IP_TTL);
#endif
#ifdef IP_UNBLOCK_SOURCE
  C(IP_UNBLOCK_SOURCE);
#endif
#ifdef IP_UNICAST_IF
  C(IP_UNICAST_IF);
#endif
#ifdef IP_XFRM_POLICY
  C(IP_XFRM_POLICY);
#endif
#ifdef MCAST_BLOCK_SOURCE
  C(MCAST_BLOCK_SOURCE);
#endif
#ifdef MCAST_EXCLUDE
  C(MCAST_EXCLUDE);
#endif
#ifdef MCAST_INCLUDE
  C(MCAST_INCLUDE);
#endif
#ifdef MCAST_JOIN_GROUP
  C(MCAST_JOIN_GROUP);
#endif
#ifdef MCAST_JOIN_SOURCE_GROUP
  C(MCAST_JOIN_SOURCE_GROUP);
#endif
#ifdef MCAST_LEAVE_GROUP
  C(MCAST_LEAVE_GROUP);
#endif
#ifdef MCAST_LEAVE_SOURCE_GROUP
  C(MCAST_LEAVE_SOURCE_GROUP);
#endif
#ifdef MCAST_MSFILTER
  C(MCAST_MSFILTER);
#endif
#ifdef MCAST_UNBLOCK_SOURCE
  C(MCAST_UNBLOCK_SOURCE);
#endif
#ifdef MSG_BATCH
  C(MSG_BATCH);
#endif
#ifdef MSG_CMSG_CLOEXEC
  C(MSG_CMSG_CLOEXEC);
#endif
#ifdef MSG_CONFIRM
  C(MSG_CONFIRM);
#endif
#ifdef MSG_CTRUNC
  C(MSG_CTRUNC);
#endif
#ifdef MSG_DONTROUTE
  C(MSG_DONTROUTE);
#endif
#ifdef MSG_DONTWAIT
  C(MSG_DONTWAIT);
#endif
#ifdef MSG_EOR
  C(MSG_EOR);
#endif
#ifdef MSG_ERRQUEUE
  C(MSG_ERRQUEUE);
#endif
#ifdef MSG_FASTOPEN
  C(MSG_FASTOPEN);
#endif
#ifdef MSG_FIN
  C(MSG_FIN);
#endif
#ifdef MSG_MORE
  C(MSG_MORE);
#endif
#ifdef MSG_NOSIGNAL
  C(MSG_NOSIGNAL);
#endif
#ifdef MSG_OOB
  C(MSG_OOB);
#endif
#ifdef MSG_PEEK
  C(MSG_PEEK);
#endif
#ifdef MSG_PROXY
  C(MSG_PROXY);
#endif
#ifdef MSG_RST
  C(MSG_RST);
#endif
#ifdef MSG_SYN
  C(MSG_SYN);
#endif
#ifdef MSG_TRUNC
  C(MSG_TRUNC);
#endif
#ifdef MSG_TRYHARD
  C(MSG_TRYHARD);
#endif
#ifdef MSG_WAITALL
  C(MSG_WAITALL);
#endif
#ifdef MSG_WAITFORONE
  C(MSG_WAITFORONE);
#endif
#ifdef MSG_ZEROCOPY
  C(MSG_ZEROCOPY);
#endif
#ifdef NETDB_INTERNAL
  C(NETDB_INTERNAL);
#endif
#ifdef NETDB_SUCCESS
  C(NETDB_SUCCESS);
#endif
#ifdef NI_DGRAM
  C(NI_DGRAM);
#endif
#ifdef NI_IDN
  C(NI_IDN);
#endif
#ifdef NI_MAXHOST
  C(NI_MAXHOST);
#endif
#ifdef NI_MAXSERV
  C(NI_MAXSERV);
#endif
#ifdef NI_NAMEREQD
  C(NI_NAMEREQD);
#endif
#ifdef NI_NOFQDN
  C(NI_NOFQDN);
#endif
#ifdef NI_NUMERICHOST
  C(NI_NUMERICHOST);
#endif
#ifdef NI_NUMERICSERV
  C(NI_NUMERICSERV);
#endif
#ifdef NO_ADDRESS
  C(NO_ADDRESS);
#endif
#ifdef NO_DATA
  C(NO_DATA);
#endif
#ifdef NO_RECOVERY
  C(NO_RECOVERY);
#endif
#ifdef O_CLOEXEC
  C(O_CLOEXEC);
#endif
#ifdef O_NONBLOCK
  C(O_NONBLOCK);
#endif
#ifdef O_RDONLY
  C(O_RDONLY);
#endif
#ifdef O_RDWR
  C(O_RDWR);
#endif
#ifdef O_WRONLY
  C(O_WRONLY);
#endif
#ifdef PF_ALG
  C(PF_ALG);
#endif
#ifdef PF_APPLETALK
  C(PF_APPLETALK);
#endif
#ifdef PF_ASH
  C(PF_ASH);
#endif
#ifdef PF_ATMPVC
  C(PF_ATMPVC);
#endif
#ifdef PF_ATMSVC
  C(PF_ATMSVC);
#endif
#ifdef PF_AX25
  C(PF_AX25);
#endif
#ifdef PF_BLUETOOTH
  C(PF_BLUETOOTH);
#endif
#ifdef PF_BRIDGE
  C(PF_BRIDGE);
#endif
#ifdef PF_CAIF
  C(PF_CAIF);
#endif
#ifdef PF_CAN
  C(PF_CAN);
#endif
#ifdef PF_DECnet
  C(PF_DECnet);
#endif
#ifdef PF_ECONET
  C(PF_ECONET);
#endif
#ifdef PF_FILE
  C(PF_FILE);
#endif
#ifdef PF_IB
  C(PF_IB);
#endif
#ifdef PF_IEEE802154
  C(PF_IEEE802154);
#endif
#ifdef PF_INET
  C(PF_INET);
#endif
#ifdef PF_INET6
  C(PF_INET6);
#endif
#ifdef PF_IPX
  C(PF_IPX);
#endif
#ifdef PF_IRDA
  C(PF_IRDA);
#endif
#ifdef PF_ISDN
  C(PF_ISDN);
#endif
#ifdef PF_IUCV
  C(PF_IUCV);
#endif
#ifdef PF_KCM
  C(PF_KCM);
#endif
#ifdef PF_KEY
  C(PF_KEY);
#endif
#ifdef PF_LLC
  C(PF_LLC);
#endif
#ifdef PF_LOCAL
  C(PF_LOCAL);
#endif
#ifdef PF_MAX
  C(PF_MAX);
#endif
#ifdef PF_MCTP
  C(PF_MCTP);
#endif
#ifdef PF_MPLS
  C(PF_MPLS);
#endif
#ifdef PF_NETBEUI
  C(PF_NETBEUI);
#endif
#ifdef PF_NETLINK
  C(PF_NETLINK);
#endif
#ifdef PF_NETROM
  C(PF_NETROM);
#endif
#ifdef PF_NFC
  C(PF_NFC);
#endif
#ifdef PF_PACKET
  C(PF_PACKET);
#endif
#ifdef PF_PHONET
  C(PF_PHONET);
#endif
#ifdef PF_PPPOX
  C(PF_PPPOX);
#endif
#ifdef PF_QIPCRTR
  C(PF_QIPCRTR);
#endif
#ifdef PF_RDS
  C(PF_RDS);
#endif
#ifdef PF_ROSE
  C(PF_ROSE);
#endif
#ifdef PF_ROUTE
  C(PF_ROUTE);
#endif
#ifdef PF_RXRPC
  C(PF_RXRPC);
#endif
#ifdef PF_SECURITY
  C(PF_SECURITY);
#endif
#ifdef PF_SMC
  C(PF_SMC);
#endif
#ifdef PF_SNA
  C(PF_SNA);
#endif
#ifdef PF_TIPC
  C(PF_TIPC);
#endif
#ifdef PF_UNIX
  C(PF_UNIX);
#endif
#ifdef PF_UNSPEC
  C(PF_UNSPEC);
#endif
#ifdef PF_VSOCK
  C(PF_VSOCK);
#endif
#ifdef PF_WANPIPE
  C(PF_WANPIPE);
#endif
#ifdef PF_X25
  C(PF_X25);
#endif
#ifdef PF_XDP
  C(PF_XDP);
#endif
#ifdef POLLERR
  C(POLLERR);
#endif
#ifdef POLLHUP
  C(POLLHUP);
#endif
#ifdef POLLIN
  C(POLLIN);
#endif
#ifdef POLLMSG
  C(POLLMSG);
#endif
#ifdef POLLNVAL
  C(POLLNVAL);
#endif
#ifdef POLLOUT
  C(POLLOUT);
#endif
#ifdef POLLPRI
  C(POLLPRI);
#endif
#ifdef POLLRDBAND
  C(POLLRDBAND);
#endif
#ifdef POLLRDHUP
  C(POLLRDHUP);
#endif
#ifdef POLLRDNORM
  C(POLLRDNORM);
#endif
#ifdef POLLWRBAND
  C(POLLWRBAND);
#endif
#ifdef POLLWRNORM
  C(POLLWRNORM);
#endif
#ifdef SCM_CREDENTIALS
  C(SCM_CREDENTIALS);
#endif
#ifdef SCM_RIGHTS
  C(SCM_RIGHTS);
#endif
#ifdef SCM_TIMESTAMP
  C(SCM_TIMESTAMP);
#endif
#ifdef SCM_TIMESTAMPING
  C(SCM_TIMESTAMPING);
#endif
#ifdef SCM_TIMESTAMPING_OPT_STATS
  C(SCM_TIMESTAMPING_OPT_STATS);
#endif
#ifdef SCM_TIMESTAMPING_PKTINFO
  C(SCM_TIMESTAMPING_PKTINFO);
#endif
#ifdef SCM_TIMESTAMPNS
  C(SCM_TIMESTAMPNS);
#endif
#ifdef SCM_TXTIME
  C(SCM_TXTIME);
#endif
#ifdef SCM_WIFI_STATUS
  C(SCM_WIFI_STATUS);
#endif
#ifdef SHUT_RD
  C(SHUT_RD);
#endif
#ifdef SHUT_RDWR
  C(SHUT_RDWR);
#endif
#ifdef SHUT_WR
  C(SHUT_WR);
#endif
#ifdef SIOCATMARK
  C(SIOCATMARK);
#endif
#ifdef SIOCINQ
  C(SIOCINQ);
#endif
#ifdef SIOCOUTQ
  C(SIOCOUTQ);
#endif
#ifdef SIOCOUTQNSD
  C(SIOCOUTQNSD);
#endif
#ifdef SOCK_BUF_LOCK_MASK
  C(SOCK_BUF_LOCK_MASK);
#endif
#ifdef SOCK_CLOEXEC
  C(SOCK_CLOEXEC);
#endif
#ifdef SOCK_DCCP
  C(SOCK_DCCP);
#endif
#ifdef SOCK_DGRAM
  C(SOCK_DGRAM);
#endif
#ifdef SOCK_NONBLOCK
  C(SOCK_NONBLOCK);
#endif
#ifdef SOCK_PACKET
  C(SOCK_PACKET);
#endif
#ifdef SOCK_RAW
  C(SOCK_RAW);
#endif
#ifdef SOCK_RCVBUF_LOCK
  C(SOCK_RCVBUF_LOCK);
#endif
#ifdef SOCK_RDM
  C(SOCK_RDM);
#endif
#ifdef SOCK_SEQPACKET
  C(SOCK_SEQPACKET);
#endif
#ifdef SOCK_SNDBUF_LOCK
  C(SOCK_SNDBUF_LOCK);
#endif
#ifdef SOCK_STREAM
  C(SOCK_STREAM);
#endif
#ifdef SOCK_TXREHASH_DEFAULT
  C(SOCK_TXREHASH_DEFAULT);
#endif
#ifdef SOCK_TXREHASH_DISABLED
  C(SOCK_TXREHASH_DISABLED);
#endif
#ifdef SOCK_TXREHASH_ENABLED
  C(SOCK_TXREHASH_ENABLED);
#endif
#ifdef SOL_AAL
  C(SOL_AAL);
#endif
#ifdef SOL_ALG
  C(SOL_ALG);
#endif
#ifdef SOL_ATM
  C(SOL_ATM);
#endif
#ifdef SOL_BLUETOOTH
  C(SOL_BLUETOOTH);
#endif
#ifdef SOL_CAIF
  C(SOL_CAIF);
#endif
#ifdef SOL_DCCP
  C(SOL_DCCP);
#endif
#ifdef SOL_DECNET
  C(SOL_DECNET);
#endif
#ifdef SOL_ICMPV6
  C(SOL_ICMPV6);
#endif
#ifdef SOL_IP
  C(SOL_IP);
#endif
#ifdef SOL_IPV6
  C(SOL_IPV6);
#endif
#ifdef SOL_IRDA
  C(SOL_IRDA);
#endif
#ifdef SOL_IUCV
  C(SOL_IUCV);
#endif
#ifdef SOL_KCM
  C(SOL_KCM);
#endif
#ifdef SOL_LLC
  C(SOL_LLC);
#endif
#ifdef SOL_MCTP
  C(SOL_MCTP);
#endif
#ifdef SOL_MPTCP
  C(SOL_MPTCP);
#endif
#ifdef SOL_NETBEUI
  C(SOL_NETBEUI);
#endif
#ifdef SOL_NETLINK
  C(SOL_NETLINK);
#endif
#ifdef SOL_NFC
  C(SOL_NFC);
#endif
#ifdef SOL_PACKET
  C(SOL_PACKET);
#endif
#ifdef SOL_PNPIPE
  C(SOL_PNPIPE);
#endif
#ifdef SOL_PPPOL2TP
  C(SOL_PPPOL2TP);
#endif
#ifdef SOL_RAW
  C(SOL_RAW);
#endif
#ifdef SOL_RDS
  C(SOL_RDS);
#endif
#ifdef SOL_RXRPC
  C(SOL_RXRPC);
#endif
#ifdef SOL_SMC
  C(SOL_SMC);
#endif
#ifdef SOL_SOCKET
  C(SOL_SOCKET);
#endif
#ifdef SOL_TCP
  C(SOL_TCP);
#endif
#ifdef SOL_TIPC
  C(SOL_TIPC);
#endif
#ifdef SOL_TLS
  C(SOL_TLS);
#endif
#ifdef SOL_UDP
  C(SOL_UDP);
#endif
#ifdef SOL_X25
  C(SOL_X25);
#endif
#ifdef SOL_XDP
  C(SOL_XDP);
#endif
#ifdef SOMAXCONN
  C(SOMAXCONN);
#endif
#ifdef SO_ACCEPTCONN
  C(SO_ACCEPTCONN);
#endif
#ifdef SO_ATTACH_BPF
  C(SO_ATTACH_BPF);
#endif
#ifdef SO_ATTACH_FILTER
  C(SO_ATTACH_FILTER);
#endif
#ifdef SO_ATTACH_REUSEPORT_CBPF
  C(SO_ATTACH_REUSEPORT_CBPF);
#endif
#ifdef SO_ATTACH_REUSEPORT_EBPF
  C(SO_ATTACH_REUSEPORT_EBPF);
#endif
#ifdef SO_BINDTODEVICE
  C(SO_BINDTODEVICE);
#endif
#ifdef SO_BINDTOIFINDEX
  C(SO_BINDTOIFINDEX);
#endif
#ifdef SO_BPF_EXTENSIONS
  C(SO_BPF_EXTENSIONS);
#endif
#ifdef SO_BROADCAST
  C(SO_BROADCAST);
#endif
#ifdef SO_BSDCOMPAT
  C(SO_BSDCOMPAT);
#endif
#ifdef SO_BUF_LOCK
  C(SO_BUF_LOCK);
#endif
#ifdef SO_BUSY_POLL
  C(SO_BUSY_POLL);
#endif
#ifdef SO_BUSY_POLL_BUDGET
  C(SO_BUSY_POLL_BUDGET);
#endif
#ifdef SO_CNX_ADVICE
  C(SO_CNX_ADVICE);
#endif
#ifdef SO_COOKIE
  C(SO_COOKIE);
#endif
#ifdef SO_DEBUG
  C(SO_DEBUG);
#endif
#ifdef SO_DETACH_BPF
  C(SO_DETACH_BPF);
#endif
#ifdef SO_DETACH_FILTER
  C(SO_DETACH_FILTER);
#endif
#ifdef SO_DETACH_REUSEPORT_BPF
  C(SO_DETACH_REUSEPORT_BPF);
#endif
#ifdef SO_DOMAIN
  C(SO_DOMAIN);
#endif
#ifdef SO_DONTROUTE
  C(SO_DONTROUTE);
#endif
#ifdef SO_ERROR
  C(SO_ERROR);
#endif
#ifdef SO_GET_FILTER
  C(SO_GET_FILTER);
#endif
#ifdef SO_INCOMING_CPU
  C(SO_INCOMING_CPU);
#endif
#ifdef SO_INCOMING_NAPI_ID
  C(SO_INCOMING_NAPI_ID);
#endif
#ifdef SO_KEEPALIVE
  C(SO_KEEPALIVE);
#endif
#ifdef SO_LINGER
  C(SO_LINGER);
#endif
#ifdef SO_LOCK_FILTER
  C(SO_LOCK_FILTER);
#endif
#ifdef SO_MARK
  C(SO_MARK);
#endif
#ifdef SO_MAX_PACING_RATE
  C(SO_MAX_PACING_RATE);
#endif
#ifdef SO_MEMINFO
  C(SO_MEMINFO);
#endif
#ifdef SO_NETNS_COOKIE
  C(SO_NETNS_COOKIE);
#endif
#ifdef SO_NOFCS
  C(SO_NOFCS);
#endif
#ifdef SO_NO_CHECK
  C(SO_NO_CHECK);
#endif
#ifdef SO_OOBINLINE
  C(SO_OOBINLINE);
#endif
#ifdef SO_PASSCRED
  C(SO_PASSCRED);
#endif
#ifdef SO_PASSSEC
  C(SO_PASSSEC);
#endif
#ifdef SO_PEEK_OFF
  C(SO_PEEK_OFF);
#endif
#ifdef SO_PEERCRED
  C(SO_PEERCRED);
#endif
#ifdef SO_PEERGROUPS
  C(SO_PEERGROUPS);
#endif
#ifdef SO_PEERNAME
  C(SO_PEERNAME);
#endif
#ifdef SO_PEERSEC
  C(SO_PEERSEC);
#endif
#ifdef SO_PREFER_BUSY_POLL
  C(SO_PREFER_BUSY_POLL);
#endif
#ifdef SO_PRIORITY
  C(SO_PRIORITY);
#endif
#ifdef SO_PROTOCOL
  C(SO_PROTOCOL);
#endif
#ifdef SO_RCVBUF
  C(SO_RCVBUF);
#endif
#ifdef SO_RCVBUFFORCE
  C(SO_RCVBUFFORCE);
#endif
#ifdef SO_RCVLOWAT
  C(SO_RCVLOWAT);
#endif
#ifdef SO_RCVMARK
  C(SO_RCVMARK);
#endif
#ifdef SO_RCVTIMEO
  C(SO_RCVTIMEO);
#endif
#ifdef SO_RCVTIMEO_NEW
  C(SO_RCVTIMEO_NEW);
#endif
#ifdef SO_RCVTIMEO_OLD
  C(SO_RCVTIMEO_OLD);
#endif
#ifdef SO_RESERVE_MEM
  C(SO_RESERVE_MEM);
#endif
#ifdef SO_REUSEADDR
  C(SO_REUSEADDR);
#endif
#ifdef SO_REUSEPORT
  C(SO_REUSEPORT);
#endif
#ifdef SO_RXQ_OVFL
  C(SO_RXQ_OVFL);
#endif
#ifdef SO_SECURITY_AUTHENTICATION
  C(SO_SECURITY_AUTHENTICATION);
#endif
#ifdef SO_SECURITY_ENCRYPTION_NETWORK
  C(SO_SECURITY_ENCRYPTION_NETWORK);
#endif
#ifdef SO_SECURITY_ENCRYPTION_TRANSPORT
  C(SO_SECURITY_ENCRYPTION_TRANSPORT);
#endif
#ifdef SO_SELECT_ERR_QUEUE
  C(SO_SELECT_ERR_QUEUE);
#endif
#ifdef SO_SNDBUF
  C(SO_SNDBUF);
#endif
#ifdef SO_SNDBUFFORCE
  C(SO_SNDBUFFORCE);
#endif
#ifdef SO_SNDLOWAT
  C(SO_SNDLOWAT);
#endif
#ifdef SO_SNDTIMEO
  C(SO_SNDTIMEO);
#endif
#ifdef SO_SNDTIMEO_NEW
  C(SO_SNDTIMEO_NEW);
#endif
#ifdef SO_SNDTIMEO_OLD
  C(SO_SNDTIMEO_OLD);
#endif
#ifdef SO_TIMESTAMP
  C(SO_TIMESTAMP);
#endif
#ifdef SO_TIMESTAMPING
  C(SO_TIMESTAMPING);
#endif
#ifdef SO_TIMESTAMPING_NEW
  C(SO_TIMESTAMPING_NEW);
#endif
#ifdef SO_TIMESTAMPING_OLD
  C(SO_TIMESTAMPING_OLD);
#endif
#ifdef SO_TIMESTAMPNS
  C(SO_TIMESTAMPNS);
#endif
#ifdef SO_TIMESTAMPNS_NEW
  C(SO_TIMESTAMPNS_NEW);
#endif
#ifdef SO_TIMESTAMPNS_OLD
  C(SO_TIMESTAMPNS_OLD);
#endif
#ifdef SO_TIMESTAMP_NEW
  C(SO_TIMESTAMP_NEW);
#endif
#ifdef SO_TIMESTAMP_OLD
  C(SO_TIMESTAMP_OLD);
#endif
#ifdef SO_TXREHASH
  C(SO_TXREHASH);
#endif
#ifdef SO_TXTIME
  C(SO_TXTIME);
#endif
#ifdef SO_TYPE
  C(SO_TYPE);
#endif
#ifdef SO_WIFI_STATUS
  C(SO_WIFI_STATUS);
#endif
#ifdef SO_ZEROCOPY
  C(SO_ZEROCOPY);
#endif
#ifdef TCP_CC_INFO
  C(TCP_CC_INFO);
#endif
#ifdef TCP_CM_INQ
  C(TCP_CM_INQ);
#endif
#ifdef TCP_CONGESTION
  C(TCP_CONGESTION);
#endif
#ifdef TCP_CORK
  C(TCP_CORK);
#endif
#ifdef TCP_DEFER_ACCEPT
  C(TCP_DEFER_ACCEPT);
#endif
#ifdef TCP_FASTOPEN
  C(TCP_FASTOPEN);
#endif
#ifdef TCP_FASTOPEN_CONNECT
  C(TCP_FASTOPEN_CONNECT);
#endif
#ifdef TCP_FASTOPEN_KEY
  C(TCP_FASTOPEN_KEY);
#endif
#ifdef TCP_FASTOPEN_NO_COOKIE
  C(TCP_FASTOPEN_NO_COOKIE);
#endif
#ifdef TCP_INFO
  C(TCP_INFO);
#endif
// The TCP states (tcpi_state values) and congestion-avoidance states
// (tcpi_ca_state) are enumerators in <netinet/tcp.h>, not macros, so #ifdef
// cannot see them: they come with struct tcp_info, hence TCP_INFO.
#ifdef TCP_INFO
  C(TCP_ESTABLISHED);
  C(TCP_SYN_SENT);
  C(TCP_SYN_RECV);
  C(TCP_FIN_WAIT1);
  C(TCP_FIN_WAIT2);
  C(TCP_TIME_WAIT);
  C(TCP_CLOSE);
  C(TCP_CLOSE_WAIT);
  C(TCP_LAST_ACK);
  C(TCP_LISTEN);
  C(TCP_CLOSING);
  C(TCP_CA_Open);
  C(TCP_CA_Disorder);
  C(TCP_CA_CWR);
  C(TCP_CA_Recovery);
  C(TCP_CA_Loss);
#endif
#ifdef TCPI_OPT_TIMESTAMPS
  C(TCPI_OPT_TIMESTAMPS);
#endif
#ifdef TCPI_OPT_SACK
  C(TCPI_OPT_SACK);
#endif
#ifdef TCPI_OPT_WSCALE
  C(TCPI_OPT_WSCALE);
#endif
#ifdef TCPI_OPT_ECN
  C(TCPI_OPT_ECN);
#endif
#ifdef TCPI_OPT_ECN_SEEN
  C(TCPI_OPT_ECN_SEEN);
#endif
#ifdef TCPI_OPT_SYN_DATA
  C(TCPI_OPT_SYN_DATA);
#endif
#ifdef TCP_INQ
  C(TCP_INQ);
#endif
#ifdef TCP_KEEPCNT
  C(TCP_KEEPCNT);
#endif
#ifdef TCP_KEEPIDLE
  C(TCP_KEEPIDLE);
#endif
#ifdef TCP_KEEPINTVL
  C(TCP_KEEPINTVL);
#endif
#ifdef TCP_LINGER2
  C(TCP_LINGER2);
#endif
#ifdef TCP_MAXSEG
  C(TCP_MAXSEG);
#endif
#ifdef TCP_MAXWIN
  C(TCP_MAXWIN);
#endif
#ifdef TCP_MAX_WINSHIFT
  C(TCP_MAX_WINSHIFT);
#endif
#ifdef TCP_MD5SIG
  C(TCP_MD5SIG);
#endif
#ifdef TCP_MD5SIG_EXT
  C(TCP_MD5SIG_EXT);
#endif
#ifdef TCP_MD5SIG_FLAG_PREFIX
  C(TCP_MD5SIG_FLAG_PREFIX);
#endif
#ifdef TCP_MD5SIG_MAXKEYLEN
  C(TCP_MD5SIG_MAXKEYLEN);
#endif
#ifdef TCP_MSS
  C(TCP_MSS);
#endif
#ifdef TCP_NODELAY
  C(TCP_NODELAY);
#endif
#ifdef TCP_NOTSENT_LOWAT
  C(TCP_NOTSENT_LOWAT);
#endif
#ifdef TCP_QUEUE_SEQ
  C(TCP_QUEUE_SEQ);
#endif
#ifdef TCP_QUICKACK
  C(TCP_QUICKACK);
#endif
#ifdef TCP_REPAIR
  C(TCP_REPAIR);
#endif
#ifdef TCP_REPAIR_OFF
  C(TCP_REPAIR_OFF);
#endif
#ifdef TCP_REPAIR_OFF_NO_WP
  C(TCP_REPAIR_OFF_NO_WP);
#endif
#ifdef TCP_REPAIR_ON
  C(TCP_REPAIR_ON);
#endif
#ifdef TCP_REPAIR_OPTIONS
  C(TCP_REPAIR_OPTIONS);
#endif
#ifdef TCP_REPAIR_QUEUE
  C(TCP_REPAIR_QUEUE);
#endif
#ifdef TCP_REPAIR_WINDOW
  C(TCP_REPAIR_WINDOW);
#endif
#ifdef TCP_SAVED_SYN
  C(TCP_SAVED_SYN);
#endif
#ifdef TCP_SAVE_SYN
  C(TCP_SAVE_SYN);
#endif
#ifdef TCP_SYNCNT
  C(TCP_SYNCNT);
#endif
#ifdef TCP_THIN_DUPACK
  C(TCP_THIN_DUPACK);
#endif
#ifdef TCP_THIN_LINEAR_TIMEOUTS
  C(TCP_THIN_LINEAR_TIMEOUTS);
#endif
#ifdef TCP_TIMESTAMP
  C(TCP_TIMESTAMP);
#endif
#ifdef TCP_TX_DELAY
  C(TCP_TX_DELAY);
#endif
#ifdef TCP_ULP
  C(TCP_ULP);
#endif
#ifdef TCP_USER_TIMEOUT
  C(TCP_USER_TIMEOUT);
#endif
#ifdef TCP_WINDOW_CLAMP
  C(TCP_WINDOW_CLAMP);
#endif
#ifdef TCP_ZEROCOPY_RECEIVE
  C(TCP_ZEROCOPY_RECEIVE);
#endif
#ifdef TRY_AGAIN
  C(TRY_AGAIN);
#endif
#ifdef UIO_MAXIOV
  C(UIO_MAXIOV);
#endif
#ifdef UDP_CORK
  C(UDP_CORK);
#endif
#ifdef UDP_ENCAP
  C(UDP_ENCAP);
#endif
#ifdef UDP_ENCAP_ESPINUDP
  C(UDP_ENCAP_ESPINUDP);
#endif
#ifdef UDP_ENCAP_ESPINUDP_NON_IKE
  C(UDP_ENCAP_ESPINUDP_NON_IKE);
#endif
#ifdef UDP_ENCAP_GTP0
  C(UDP_ENCAP_GTP0);
#endif
#ifdef UDP_ENCAP_GTP1U
  C(UDP_ENCAP_GTP1U);
#endif
#ifdef UDP_ENCAP_L2TPINUDP
  C(UDP_ENCAP_L2TPINUDP);
#endif
#ifdef UDP_GRO
  C(UDP_GRO);
#endif
#ifdef UDP_NO_CHECK6_RX
  C(UDP_NO_CHECK6_RX);
#endif
#ifdef UDP_NO_CHECK6_TX
  C(UDP_NO_CHECK6_TX);
#endif
#ifdef UDP_SEGMENT
  C(UDP_SEGMENT);
#endif
#undef C
  exports.Set("constants", c);
}

}  // namespace bs
