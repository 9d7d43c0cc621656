/*
 * The state lib/posix keeps for one AF_INET socket descriptor, and what
 * poll/select report for it. Pure: no capOS calls; the glue (sock_net.c)
 * talks to the netstack and records the outcome here.
 *
 * The netstack's objects have no "is it ready?" query that leaves data in
 * place, so readiness is learnt by doing: the glue takes what a try_ call
 * returns (up to one chunk of bytes, one datagram, one connection) into the
 * socket's holding area (rx, pend), where the next read/accept finds it.
 * MSG_PEEK looks into the same area. A try_ call that answers WOULD_BLOCK
 * marks the direction idle; the netstack's watch then signals the socket's
 * notification bit once something changes, which clears the marks
 * (sock_signaled) so that the next poll asks again.
 */
#ifndef POSIX_SOCK_STATE_H
#define POSIX_SOCK_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"

#define SOCK_TCP_CHUNK 1020u /* TcpSocket read/write: bytes<1020> */
#define SOCK_UDP_MAX 1012u   /* UdpSocket datagrams: bytes<1012> */
#define SOCK_RX_MAX SOCK_TCP_CHUNK
#define SOCK_TCP_WINDOW 64240 /* the netstack's receive ring and send buffer */
#define SOCK_UDP_QUEUE 8      /* datagrams the netstack queues per UDP socket */

typedef enum {
    SOCK_FRESH = 0, /* made by socket() */
    SOCK_BOUND,     /* bind() recorded an address and port */
    SOCK_LISTENING, /* stream: a TcpListener (cap) */
    SOCK_CONNECTED, /* stream: a TcpSocket (cap), from accept or connect */
} sock_phase_t;

typedef struct posix_sock {
    int type; /* SOCK_STREAM or SOCK_DGRAM */
    sock_phase_t phase;
    cap_t cap;       /* the netstack object: listener, TCP or UDP socket; CAP_NULL before */
    cap_t authority; /* stream, bound: the listen:PORT facet listen() will use */
    uint32_t local_addr, local_port; /* host order; 0 when not known */
    uint32_t peer_addr, peer_port;   /* the connected peer (datagram: default destination) */
    bool has_peer;
    bool rd_shut, wr_shut; /* shutdown() by this side */
    bool eof;              /* stream: the peer's end of stream has been read */
    bool reset;            /* stream: the connection broke (reset, or refused writing) */
    int error;             /* pending SO_ERROR (positive errno), 0 none */
    bool rd_idle, wr_idle; /* a try_ call answered WOULD_BLOCK, and no signal came since */
    bool watched;          /* the object signals the process's notification (its watch) */
    /* options that are remembered and reported back */
    bool reuseaddr, keepalive, nodelay, broadcast, oobinline;
    /* received and not yet consumed: bytes of the stream, or one datagram */
    bool rx_dgram; /* datagram: rx holds one (it may be empty) */
    uint32_t rx_addr, rx_port;
    uint32_t rx_off, rx_len;
    uint8_t rx[SOCK_RX_MAX];
    /* listening: a connection taken from the listener, not yet accepted */
    cap_t pend;
    uint32_t pend_addr, pend_port;
} posix_sock_t;

/* A fresh socket of type (SOCK_STREAM or SOCK_DGRAM). */
void sock_init(posix_sock_t *s, int type);

/* The readiness bits poll reports for s: of POLLIN/POLLRDNORM/POLLRDHUP/
 * POLLOUT/POLLWRNORM those asked for in events, plus POLLERR and POLLHUP
 * whenever they hold (as Linux's TCP and UDP do):
 *   readable  held bytes or datagram, a held connection (listening), end of
 *             stream, shutdown for reading, a broken connection
 *   writable  connected and not idle; shut down or broken (a write fails at
 *             once); a datagram socket always; a fresh stream socket
 *   POLLHUP   both directions finished, broken, or a stream socket that is
 *             neither connected nor listening
 *   POLLERR   an error pending (SO_ERROR) */
short sock_revents(const posix_sock_t *s, short events);

/* Whether poll should ask the netstack (a try_ call) before judging
 * readability: the object exists, nothing is held, the direction is not
 * finished and no WOULD_BLOCK is outstanding. */
bool sock_should_fetch(const posix_sock_t *s);

/* The socket's notification bit fired: ask again. */
void sock_signaled(posix_sock_t *s);

/* Copies up to len held bytes to dst; consumes them unless peek. For a
 * datagram, the rest of a datagram beyond len is dropped (unless peek) and
 * *whole gets the datagram's full length. Returns the count copied. */
uint32_t sock_rx_take(posix_sock_t *s, uint8_t *dst, uint32_t len, bool peek, uint32_t *whole);

/* Bytes or a datagram are held. */
bool sock_rx_held(const posix_sock_t *s);

/* Holds n bytes (stream; the area is empty) or one datagram from addr:port. */
void sock_rx_fill(posix_sock_t *s, uint32_t n);
void sock_rx_fill_dgram(posix_sock_t *s, uint32_t n, uint32_t addr, uint32_t port);

/* Records that the connection broke: reads see err once (then end of
 * stream), writes fail. */
void sock_set_reset(posix_sock_t *s, int err);

/* Takes the pending error (SO_ERROR, or the error a call reports): 0 none. */
int sock_take_error(posix_sock_t *s);

#endif
