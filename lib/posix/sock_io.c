/*
 * Data on AF_INET sockets (see sock_net.h): TcpSocket read/write in chunks
 * of SOCK_TCP_CHUNK bytes, UdpSocket datagrams of up to SOCK_UDP_MAX. A
 * blocking call uses the netstack's waiting methods (answered when they can
 * complete), a non-blocking one the try_ methods: WOULD_BLOCK is -EAGAIN
 * and marks the direction idle for poll. Bytes poll took into the holding
 * area are read first. There are no signals: MSG_NOSIGNAL changes nothing,
 * a write to a broken connection is -EPIPE.
 */
#include <errno.h>
#include <string.h>

#include "capos/idl/net.h"
#include "errno_map.h"
#include "sock_addr.h"
#include "sock_net.h"

#define SEND_FLAGS (MSG_NOSIGNAL | MSG_DONTWAIT | MSG_MORE)
#define RECV_FLAGS                                                                                 \
    (MSG_PEEK | MSG_DONTWAIT | MSG_WAITALL | MSG_TRUNC | MSG_NOSIGNAL | MSG_CMSG_CLOEXEC)

static uint32_t min_u32(size_t a, uint32_t b) {
    return a < b ? (uint32_t)a : b;
}

static long send_stream(sock_ref_t *r, const uint8_t *p, size_t len, bool nb) {
    posix_sock_t *s = r->s;
    if (s->phase != SOCK_CONNECTED)
        return -ENOTCONN;
    if (s->wr_shut || s->reset)
        return -EPIPE;
    size_t total = 0;
    while (total < len) {
        uint32_t chunk = min_u32(len - total, SOCK_TCP_CHUNK), w = 0;
        cap_err_t e = nb ? tcp_socket_try_write(s->cap, p + total, chunk, &w)
                         : tcp_socket_write(s->cap, p + total, chunk, &w);
        if (e == CAP_ERR_WOULD_BLOCK) {
            s->wr_idle = true;
            break;
        }
        if (e != CAP_OK) {
            if (e == CAP_ERR_BROKEN)
                posix_sock_broken(s, ECONNRESET);
            return total ? (long)total : -errno_from_sock(SOCK_OP_WRITE, e);
        }
        total += w;
    }
    return total || len == 0 ? (long)total : -EAGAIN;
}

static long send_dgram(sock_ref_t *r, const void *buf, size_t len, const void *sa,
                       socklen_t salen) {
    posix_sock_t *s = r->s;
    uint32_t addr = s->peer_addr, port = s->peer_port;
    if (sa) {
        int err = sock_addr_get(sa, salen, &addr, &port);
        if (err)
            return err;
        if (len <= SOCK_UDP_MAX && posix_dns_intercept(r->fd, addr, port, buf, len))
            return (long)len; /* a query for the DNS stub (dns_resolve.c) */
        addr = sock_addr_destination(addr, posix_sock_own_address());
    } else if (!s->has_peer) {
        return -EDESTADDRREQ;
    }
    if (len > SOCK_UDP_MAX)
        return -EMSGSIZE;
    if (s->wr_shut)
        return -EPIPE;
    int err = posix_sock_dgram_ready(r);
    if (err)
        return err;
    cap_err_t e = udp_socket_send_to(s->cap, addr, port, buf, (uint32_t)len);
    return e == CAP_OK ? (long)len : -errno_from_sock(SOCK_OP_WRITE, e);
}

long posix_sock_send(sock_ref_t *r, const void *buf, size_t len, int flags, const void *sa,
                     socklen_t salen) {
    if (flags & ~SEND_FLAGS)
        return -EOPNOTSUPP;
    if (r->s->type == SOCK_DGRAM)
        return send_dgram(r, buf, len, sa, salen);
    return send_stream(r, buf, len, sock_nonblocking(r, flags));
}

/* One read of at most len (> 0) bytes: held bytes, else one netstack call. */
static long recv_stream_once(sock_ref_t *r, uint8_t *buf, size_t len, int flags) {
    posix_sock_t *s = r->s;
    bool peek = flags & MSG_PEEK;
    if (sock_rx_held(s))
        return sock_rx_take(s, buf, min_u32(len, SOCK_RX_MAX), peek, NULL);
    if (s->reset) {
        int err = sock_take_error(s);
        return err ? -err : 0;
    }
    if (s->eof || s->rd_shut)
        return 0;
    uint32_t max = min_u32(len, SOCK_TCP_CHUNK), n = 0;
    uint8_t *dst = peek ? s->rx : buf;
    cap_err_t e = sock_nonblocking(r, flags) ? tcp_socket_try_read(s->cap, max, dst, max, &n)
                                             : tcp_socket_read(s->cap, max, dst, max, &n);
    if (e == CAP_ERR_WOULD_BLOCK) {
        s->rd_idle = true;
        return -EAGAIN;
    }
    if (e == CAP_ERR_BROKEN) {
        posix_sock_broken(s, ECONNRESET);
        return -sock_take_error(s);
    }
    if (e != CAP_OK)
        return -errno_from_sock(SOCK_OP_READ, e);
    if (n == 0)
        s->eof = true;
    if (!peek || n == 0)
        return n;
    sock_rx_fill(s, n);
    return sock_rx_take(s, buf, max, true, NULL);
}

static long recv_stream(sock_ref_t *r, uint8_t *buf, size_t len, int flags) {
    if (r->s->phase != SOCK_CONNECTED)
        return -ENOTCONN;
    if (len == 0)
        return 0;
    bool all = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) && !sock_nonblocking(r, flags);
    size_t total = 0;
    do {
        long n = recv_stream_once(r, buf + total, len - total, flags);
        if (n <= 0)
            return total ? (long)total : n;
        total += (size_t)n;
    } while (all && total < len);
    return (long)total;
}

static long recv_dgram(sock_ref_t *r, uint8_t *buf, size_t len, int flags, void *sa,
                       socklen_t *salen) {
    posix_sock_t *s = r->s;
    posix_dns_deliver(r->fd, s);
    if (!sock_rx_held(s)) {
        if (s->rd_shut)
            return 0;
        int err = posix_sock_dgram_ready(r);
        if (err)
            return err;
        uint32_t addr = 0, port = 0, n = 0;
        cap_err_t e = sock_nonblocking(r, flags)
                          ? udp_socket_try_receive_from(s->cap, SOCK_UDP_MAX, &addr, &port, s->rx,
                                                        sizeof(s->rx), &n)
                          : udp_socket_receive_from(s->cap, SOCK_UDP_MAX, &addr, &port, s->rx,
                                                    sizeof(s->rx), &n);
        if (e == CAP_ERR_WOULD_BLOCK)
            s->rd_idle = true;
        if (e != CAP_OK)
            return -errno_from_sock(SOCK_OP_READ, e);
        sock_rx_fill_dgram(s, n, addr, port);
    }
    uint32_t whole = 0, from_addr = s->rx_addr, from_port = s->rx_port;
    uint32_t n = sock_rx_take(s, buf, min_u32(len, SOCK_RX_MAX), flags & MSG_PEEK, &whole);
    if (sa && salen)
        sock_addr_put(from_addr, from_port, sa, salen);
    return (flags & MSG_TRUNC) ? (long)whole : (long)n;
}

long posix_sock_recv(sock_ref_t *r, void *buf, size_t len, int flags, void *sa, socklen_t *salen) {
    if (flags & ~RECV_FLAGS)
        return -EOPNOTSUPP;
    if (sa && (!salen || (int)*salen < 0))
        return -EINVAL;
    if (r->s->type == SOCK_DGRAM)
        return recv_dgram(r, buf, len, flags, sa, salen);
    if (salen)
        *salen = 0; /* a stream has no per-read source address */
    return recv_stream(r, buf, len, flags);
}
