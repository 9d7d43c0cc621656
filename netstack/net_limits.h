/*
 * Every bound of the netstack in one place. Memory use follows from these:
 * a TCP socket costs its receive ring (NET_TCP_WINDOW_BYTES) plus at most
 * NET_TCP_SEND_BYTES queued in lwIP; a slow or vanished peer can hold no
 * more than that, and the single-threaded loop never waits on one peer.
 */
#ifndef CAPOS_NETSTACK_NET_LIMITS_H
#define CAPOS_NETSTACK_NET_LIMITS_H

#include "capos/abi.h"

/* Objects. */
#define NET_TCP_SOCKETS_MAX 64u /* accepted (queued or not) and connected */
#define NET_LISTENERS_MAX 8u
#define NET_UDP_SOCKETS_MAX 8u
#define NET_BACKLOG_MAX 32u /* established connections waiting for accept */
#define NET_RESOLVES_MAX 4u /* resolve calls waiting for DNS at once */

/* TCP: the advertised window is the socket's receive ring, and the window
 * opens only as the client reads, so unread data never exceeds the ring. */
#define NET_TCP_MSS 1460u
#define NET_TCP_WINDOW_BYTES (44u * NET_TCP_MSS) /* 64240 bytes, below 64 KiB */
#define NET_TCP_SEND_BYTES (44u * NET_TCP_MSS)

/* UDP: datagrams queued per socket until received; more are dropped. */
#define NET_UDP_QUEUE_DATAGRAMS 8u

/* Payload bounds of the IDL (idl/net.idl). */
#define NET_IO_BYTES_MAX 1020u       /* TcpSocket read/write */
#define NET_DATAGRAM_BYTES_MAX 1012u /* UdpSocket send_to/receive_from */

/* Waiting calls (deferred replies): one per direction and object, plus the
 * resolves. Each holds a Reply capability, and each watch a Notification,
 * in the netstack's capability table (CAP_TABLE_SLOTS); this leaves room for its own caps and
 * the caps a call carries in. */
#define NET_PENDING_REPLIES_MAX                                                                    \
    (2u * NET_TCP_SOCKETS_MAX + NET_LISTENERS_MAX + NET_UDP_SOCKETS_MAX + NET_RESOLVES_MAX)
#define NET_WATCHES_MAX (NET_TCP_SOCKETS_MAX + NET_LISTENERS_MAX + NET_UDP_SOCKETS_MAX)
_Static_assert(NET_PENDING_REPLIES_MAX + NET_WATCHES_MAX <= CAP_TABLE_SLOTS - 64u,
               "waiting calls and watches must leave cap slots free");

/* The NIC: receive and transmit buffers of one frame each, in DMA memory. */
#define NET_RX_BUFFERS 128u
#define NET_TX_BUFFERS 128u
#define NET_FRAME_BUFFER_BYTES 2048u /* virtio-net header + 1514-byte frame */
#define NET_RX_BATCH 64u             /* frames taken per loop turn, so calls are served too */
#define NET_TX_KICK_BATCH 32u        /* frames queued before the device is told at once */
#define NET_TX_KICK_DELAY_US 500u    /* the longest a frame waits for the loop to go idle */

/* Address configuration: DHCP, then this static fallback. */
#define NET_DHCP_TIMEOUT_MS 10000u

/* The ticker sleeps until the next lwIP timer, within these bounds. */
#define NET_TICK_MIN_NS 1000000ull   /* 1 ms */
#define NET_TICK_MAX_NS 100000000ull /* 100 ms */

#endif
