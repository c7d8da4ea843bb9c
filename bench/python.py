# python3's socket module in the benchmark: the same workloads as bench/bench.c.
# Usage: python3 bench/python.py <workload> <n>; prints {"ops":n,"seconds":s}.
# Loopback only. No "mmsg": the socket module has no sendmmsg/recvmmsg.
import json
import socket
import struct
import sys
import time

MSG = 64
CHUNK = 65536
data = b"x" * CHUNK
payload = data[:MSG]


def bound(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    return s


def readall(s, n):
    view = memoryview(bytearray(n))
    got = 0
    while got < n:
        r = s.recv_into(view[got:], n - got)
        if r <= 0:
            sys.exit("read: connection closed")
        got += r


def tcp_pair():
    l = bound(socket.SOCK_STREAM)
    l.listen(1)
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(l.getsockname())
    s, _ = l.accept()
    l.close()
    return c, s


def calls(n):
    s = bound(socket.SOCK_DGRAM)
    for _ in range(n):
        s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
    s.close()


def udp(n):
    a, b = bound(socket.SOCK_DGRAM), bound(socket.SOCK_DGRAM)
    baddr = b.getsockname()
    buf = bytearray(CHUNK)
    for _ in range(n):
        a.sendto(payload, baddr)
        r, frm = b.recvfrom_into(buf)
        b.sendto(memoryview(buf)[:r], frm)
        a.recvfrom_into(buf)
    a.close()
    b.close()


def tcp(n):
    c, s = tcp_pair()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for _ in range(n):
        c.sendall(payload)
        readall(s, MSG)
        s.sendall(payload)
        readall(c, MSG)
    c.close()
    s.close()


def stream(n):
    c, s = tcp_pair()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    for _ in range(n):
        c.sendall(data)
        readall(s, CHUNK)
    c.close()
    s.close()


def connect(n):
    l = bound(socket.SOCK_STREAM)
    l.listen(128)
    addr = l.getsockname()
    rst = struct.pack("ii", 1, 0)
    for _ in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.connect(addr)
        s, _ = l.accept()
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, rst)
        c.close()
        s.close()
    l.close()


workloads = {"calls": calls, "udp": udp, "tcp": tcp, "stream": stream, "connect": connect}
name, n = sys.argv[1], int(sys.argv[2])
if name not in workloads:
    sys.exit(f"bench/python.py: no workload {name}")
t0 = time.perf_counter()
workloads[name](n)
print(json.dumps({"ops": n, "seconds": time.perf_counter() - t0}))
