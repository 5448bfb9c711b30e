#!/usr/bin/env python3
"""Holds each packet of one netfilter queue for a random time, then accepts it.

The stand-in for `tc qdisc ... netem delay` on kernels built without sch_netem: iptables sends
packets to NFQUEUE, this process gets them over nfnetlink_queue (raw netlink, standard library
only) and gives the ACCEPT verdict after a delay drawn uniformly from [min, max] ms, in any order
(as netem with jitter reorders). Run it inside the network namespace whose iptables rules use
the queue. Prints "ready" once the queue is bound, and "packets N" when it stops (SIGTERM).

Usage: nfqueue-delay.py QUEUE_NUM MIN_MS MAX_MS
"""

import heapq
import random
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET = 0
NFQNL_MSG_VERDICT = 1
NFQNL_MSG_CONFIG = 2
NFQA_CFG_CMD = 1
NFQA_CFG_PARAMS = 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NF_ACCEPT = 1
AF_INET = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(msg_type, flags, seq, queue, attrs):
    body = struct.pack("!BBH", socket.AF_UNSPEC, 0, queue) + attrs
    header = struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg_type, flags, seq, 0)
    return header + body


def expect_ack(sock, seq):
    data = sock.recv(65536)
    length, kind, _flags, got_seq, _pid = struct.unpack_from("=IHHII", data, 0)
    if kind == NLMSG_ERROR:
        (error,) = struct.unpack_from("=i", data, 16)
        if error != 0:
            raise OSError(-error, f"nfnetlink_queue config {seq} refused")


def packet_ids(data):
    """Packet ids of the NFQNL_MSG_PACKET messages in one netlink datagram."""
    offset = 0
    while offset + 16 <= len(data):
        length, kind, _flags, _seq, _pid = struct.unpack_from("=IHHII", data, offset)
        if length < 16:
            break
        if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            pos = offset + 20  # nlmsghdr + nfgenmsg
            end = offset + length
            while pos + 4 <= end:
                alen, akind = struct.unpack_from("=HH", data, pos)
                if alen < 4:
                    break
                if akind & 0x7FFF == NFQA_PACKET_HDR:
                    (packet_id,) = struct.unpack_from("!I", data, pos + 4)
                    yield packet_id
                pos += (alen + 3) & ~3
        offset += (length + 3) & ~3


def main():
    queue, min_ms, max_ms = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
    bind = attr(NFQA_CFG_CMD, struct.pack("!BBH", NFQNL_CFG_CMD_BIND, 0, AF_INET))
    sock.send(message(NFQNL_MSG_CONFIG, NLM_F_REQUEST | NLM_F_ACK, 1, queue, bind))
    expect_ack(sock, 1)
    # Metadata only: the verdict needs the packet id, never the payload.
    params = attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META))
    sock.send(message(NFQNL_MSG_CONFIG, NLM_F_REQUEST | NLM_F_ACK, 2, queue, params))
    expect_ack(sock, 2)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    print("ready", flush=True)

    held = []  # (release time, packet id)
    count = 0
    seq = 3
    while not stopping:
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else 0.5
        try:
            readable, _, _ = select.select([sock], [], [], timeout)
        except InterruptedError:
            continue
        if readable:
            for packet_id in packet_ids(sock.recv(65536)):
                count += 1
                delay = random.uniform(min_ms, max_ms) / 1000.0
                heapq.heappush(held, (time.monotonic() + delay, packet_id))
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, packet_id = heapq.heappop(held)
            verdict = attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, packet_id))
            sock.send(message(NFQNL_MSG_VERDICT, NLM_F_REQUEST, seq, queue, verdict))
            seq += 1
    print(f"packets {count}", flush=True)


if __name__ == "__main__":
    main()
