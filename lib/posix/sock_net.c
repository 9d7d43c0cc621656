/*
 * AF_INET socket objects over the netstack (see sock_net.h): creating,
 * binding, listening, accepting, connecting, shutting down, naming and
 * closing. Data moves in sock_io.c, readiness in sock_wait.c.
 *
 * Stream sockets: bind(PORT) makes the TcpListener at once (through the
 * net:PORT or net facet, backlog SOCK_BACKLOG), so an ungranted or used
 * port fails at bind as on Linux; listen() then only starts reporting it.
 * Datagram sockets get their UdpSocket at bind, connect or the first
 * send/receive (from the net facet, on an ephemeral port).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "capos/idl/net.h"
#include "capos/rt.h"
#include "errno_map.h"
#include "glue.h"
#include "sock_addr.h"
#include "sock_grant.h"
#include "sock_net.h"

#define SOCK_BACKLOG 8 /* the netstack's most */
#define SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

static posix_sock_t socks[POSIX_FD_MAX]; /* socks[fd] belongs to descriptor fd */

int sock_ref(int fd, sock_ref_t *r) {
    fd_entry_t *e = fd_lookup(posix_fds(), fd);
    if (!e)
        return -EBADF;
    if (e->kind != FD_KIND_SOCKET)
        return -ENOTSOCK;
    *r = (sock_ref_t){.fd = fd, .e = e, .s = &socks[fd]};
    return 0;
}

bool sock_nonblocking(const sock_ref_t *r, int flags) {
    return (r->e->flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
}

static int sock_err(sock_op_t op, cap_err_t e) {
    return -errno_from_sock(op, e);
}

/* Closes and releases the object s holds (a listener while bound or
 * listening, else a TCP or UDP socket) and a held connection. */
static void drop_objects(posix_sock_t *s) {
    if (s->pend != CAP_NULL) {
        rt_ignore(tcp_socket_close(s->pend));
        rt_ignore(cap_release(s->pend));
    }
    if (s->cap != CAP_NULL) {
        if (s->type == SOCK_DGRAM)
            rt_ignore(udp_socket_close(s->cap));
        else if (s->phase == SOCK_CONNECTED)
            rt_ignore(tcp_socket_close(s->cap));
        else
            rt_ignore(tcp_listener_close(s->cap));
        rt_ignore(cap_release(s->cap));
    }
    s->cap = s->pend = CAP_NULL;
    s->watched = false;
}

/* Installs a fresh socket descriptor of type with O_NONBLOCK/FD_CLOEXEC as
 * flags (SOCK_NONBLOCK/SOCK_CLOEXEC) say: the descriptor, or -EMFILE. */
static int install(int type, int flags) {
    fd_entry_t e = {.kind = FD_KIND_SOCKET, .flags = O_RDWR};
    if (flags & SOCK_NONBLOCK)
        e.flags |= O_NONBLOCK;
    e.cloexec = (flags & SOCK_CLOEXEC) != 0;
    int fd = fd_install(posix_fds(), &e);
    if (fd >= 0)
        sock_init(&socks[fd], type);
    return fd;
}

int posix_socket_open(int domain, int type, int protocol) {
    if (domain != AF_INET || !sock_grant_any(posix_capset()))
        return -EAFNOSUPPORT;
    int base = type & ~SOCK_FLAGS;
    if (base != SOCK_STREAM && base != SOCK_DGRAM)
        return -ESOCKTNOSUPPORT;
    int proto = base == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
    if (protocol != 0 && protocol != proto)
        return -EPROTONOSUPPORT;
    return install(base, type & SOCK_FLAGS);
}

/* The interface's own address (NetInfo.config through any facet), 0 when
 * not known. */
uint32_t posix_sock_own_address(void) {
    cap_t facet = sock_grant_for_port(posix_capset(), 0, NULL);
    uint32_t addr = 0, mask, gw, dns, source, mac_len;
    uint8_t mac[6];
    if (facet == CAP_NULL ||
        net_info_config(facet, &addr, &mask, &gw, &dns, &source, mac, sizeof(mac), &mac_len))
        return 0;
    return addr;
}

static int bind_stream(posix_sock_t *s, uint32_t port) {
    if (port == 0)
        return 0; /* an ephemeral port is the netstack's choice at connect */
    cap_t facet = sock_grant_for_port(posix_capset(), port, NULL);
    if (facet == CAP_NULL)
        return -EACCES;
    cap_t listener = CAP_NULL;
    cap_err_t e = tcp_listen_authority_listen(facet, port, SOCK_BACKLOG, &listener);
    if (e != CAP_OK)
        return sock_err(SOCK_OP_BIND, e);
    s->cap = listener;
    s->authority = facet;
    return 0;
}

/* Makes s's UdpSocket from the facet for port and binds it there. */
static int udp_open(posix_sock_t *s, uint32_t port) {
    cap_t facet = sock_grant_for_port(posix_capset(), port, NULL);
    if (facet == CAP_NULL)
        return -EACCES;
    cap_t u = CAP_NULL;
    cap_err_t e = udp_authority_open(facet, &u);
    if (e == CAP_OK && (e = udp_socket_bind(u, port)) != CAP_OK) {
        rt_ignore(udp_socket_close(u));
        rt_ignore(cap_release(u));
    }
    if (e != CAP_OK)
        return sock_err(SOCK_OP_BIND, e);
    s->cap = u;
    rt_ignore(udp_socket_local_address(u, &s->local_addr, &s->local_port));
    return 0;
}

int posix_sock_dgram_ready(sock_ref_t *r) {
    if (r->s->cap != CAP_NULL)
        return 0;
    int err = udp_open(r->s, 0);
    if (err == 0)
        posix_sock_watch(r->fd, r->s);
    return err;
}

int posix_sock_bind(sock_ref_t *r, const void *sa, socklen_t len) {
    posix_sock_t *s = r->s;
    uint32_t addr, port;
    int err = sock_addr_get(sa, len, &addr, &port);
    if (err)
        return err;
    if (s->phase != SOCK_FRESH || s->cap != CAP_NULL)
        return -EINVAL;
    if (addr != SOCK_ADDR_ANY && addr != SOCK_ADDR_LOOPBACK &&
        !sock_addr_bindable(addr, posix_sock_own_address()))
        return -EADDRNOTAVAIL;
    err = s->type == SOCK_STREAM ? bind_stream(s, port) : udp_open(s, port);
    if (err)
        return err;
    if (s->type == SOCK_DGRAM)
        posix_sock_watch(r->fd, s);
    s->phase = SOCK_BOUND;
    s->local_addr = addr;
    if (port)
        s->local_port = port;
    return 0;
}

int posix_sock_listen(sock_ref_t *r, int backlog) {
    posix_sock_t *s = r->s;
    (void)backlog; /* the listener was made at bind with the netstack's most */
    if (s->type != SOCK_STREAM)
        return -EOPNOTSUPP;
    if (s->phase == SOCK_LISTENING)
        return 0;
    if (s->phase == SOCK_CONNECTED)
        return -EINVAL;
    if (s->cap == CAP_NULL)
        return -EACCES; /* no granted port bound: no ephemeral listening */
    s->phase = SOCK_LISTENING;
    posix_sock_watch(r->fd, s);
    return 0;
}

/* A connection from the listener s: the held one, else try_accept
 * (non-blocking) or accept. */
static int take_connection(posix_sock_t *s, bool nonblock, cap_t *c, uint32_t *addr,
                           uint32_t *port) {
    if (s->pend != CAP_NULL) {
        *c = s->pend;
        *addr = s->pend_addr;
        *port = s->pend_port;
        s->pend = CAP_NULL;
        return 0;
    }
    cap_err_t e = nonblock ? tcp_listener_try_accept(s->cap, c, addr, port)
                           : tcp_listener_accept(s->cap, c, addr, port);
    if (e == CAP_ERR_WOULD_BLOCK)
        s->rd_idle = true;
    return e == CAP_OK ? 0 : sock_err(SOCK_OP_ACCEPT, e);
}

int posix_sock_accept(sock_ref_t *r, void *sa, socklen_t *len, int flags) {
    if ((flags & ~SOCK_FLAGS) || r->s->phase != SOCK_LISTENING)
        return -EINVAL;
    if (sa && (!len || (int)*len < 0))
        return -EINVAL;
    int fd = install(SOCK_STREAM, flags);
    if (fd < 0)
        return fd;
    cap_t c = CAP_NULL;
    uint32_t addr = 0, port = 0;
    int err = take_connection(r->s, sock_nonblocking(r, 0), &c, &addr, &port);
    if (err) {
        rt_ignore(fd_close(posix_fds(), fd));
        return err;
    }
    posix_sock_t *n = &socks[fd];
    n->phase = SOCK_CONNECTED;
    n->cap = c;
    n->peer_addr = addr;
    n->peer_port = port;
    n->has_peer = true;
    posix_sock_watch(fd, n);
    if (sa)
        sock_addr_put(addr, port, sa, len); /* *len was checked above */
    return fd;
}

static int connect_stream(sock_ref_t *r, uint32_t addr, uint32_t port) {
    posix_sock_t *s = r->s;
    if (s->phase == SOCK_CONNECTED)
        return -EISCONN;
    if (s->phase == SOCK_LISTENING)
        return -EINVAL;
    cap_t facet = sock_grant_net(posix_capset());
    if (facet == CAP_NULL)
        return -EACCES;
    drop_objects(s); /* a listener made by bind: the netstack picks the source port */
    cap_t c = CAP_NULL;
    cap_err_t e = tcp_connector_connect(facet, addr, port, &c);
    if (e != CAP_OK)
        return sock_err(SOCK_OP_CONNECT, e);
    s->cap = c;
    s->phase = SOCK_CONNECTED;
    s->peer_addr = addr;
    s->peer_port = port;
    s->has_peer = true;
    s->local_addr = s->local_port = 0;
    posix_sock_watch(r->fd, s);
    return 0;
}

int posix_sock_connect(sock_ref_t *r, const void *sa, socklen_t len) {
    posix_sock_t *s = r->s;
    if (s->type == SOCK_DGRAM && sock_addr_is_unspec(sa, len)) {
        s->has_peer = false;
        return 0;
    }
    uint32_t addr, port;
    int err = sock_addr_get(sa, len, &addr, &port);
    if (err)
        return err;
    if (port == 0)
        return -ECONNREFUSED;
    addr = sock_addr_destination(addr, posix_sock_own_address());
    if (s->type == SOCK_STREAM)
        return connect_stream(r, addr, port);
    if ((err = posix_sock_dgram_ready(r)) != 0)
        return err;
    s->peer_addr = addr;
    s->peer_port = port;
    s->has_peer = true;
    return 0;
}

int posix_sock_shutdown(sock_ref_t *r, int how) {
    posix_sock_t *s = r->s;
    if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
        return -EINVAL;
    if (s->type == SOCK_STREAM ? s->phase != SOCK_CONNECTED : !s->has_peer)
        return -ENOTCONN;
    if (s->type == SOCK_STREAM && !s->reset) {
        cap_err_t e = tcp_socket_shutdown(s->cap, (uint32_t)how);
        if (e != CAP_OK && e != CAP_ERR_BROKEN)
            return sock_err(SOCK_OP_OTHER, e);
    }
    if (how != SHUT_WR) {
        s->rd_shut = true;
        s->rx_len = s->rx_off = 0; /* unread data is discarded, as the netstack does */
        s->rx_dgram = false;
    }
    if (how != SHUT_RD)
        s->wr_shut = true;
    return 0;
}

/* The local address of s's object, asked once and remembered. */
static void learn_local(posix_sock_t *s) {
    if (s->cap == CAP_NULL || (s->local_port != 0 && s->local_addr != 0))
        return;
    uint32_t addr = 0, port = 0;
    cap_err_t e;
    if (s->type == SOCK_DGRAM)
        e = udp_socket_local_address(s->cap, &addr, &port);
    else if (s->phase == SOCK_CONNECTED)
        e = tcp_socket_local_address(s->cap, &addr, &port);
    else
        e = tcp_listener_local_address(s->cap, &addr, &port);
    if (e == CAP_OK) {
        s->local_addr = addr;
        s->local_port = port;
    }
}

int posix_sock_name(sock_ref_t *r, bool peer, void *sa, socklen_t *len) {
    posix_sock_t *s = r->s;
    if (!len || (int)*len < 0)
        return -EINVAL;
    if (peer) {
        if (!s->has_peer || (s->type == SOCK_STREAM && s->phase != SOCK_CONNECTED))
            return -ENOTCONN;
        return sock_addr_put(s->peer_addr, s->peer_port, sa, len);
    }
    learn_local(s);
    return sock_addr_put(s->local_addr, s->local_port, sa, len);
}

int posix_sock_close(int fd) {
    sock_ref_t r;
    int err = sock_ref(fd, &r);
    if (err)
        return err;
    drop_objects(r.s);
    posix_dns_forget(fd);
    sock_init(r.s, 0);
    return fd_close(posix_fds(), fd);
}

void posix_sock_broken(posix_sock_t *s, int err) {
    sock_set_reset(s, err);
}

posix_sock_t *posix_sock_at(int fd) {
    return fd >= 0 && fd < POSIX_FD_MAX ? &socks[fd] : NULL;
}
