/*
 * setsockopt/getsockopt on a socket's state. Pure: no capOS calls. Options
 * are remembered and reported back; the netstack's behaviour does not
 * change with them (keepalive is always on, Nagle's algorithm is lwIP's
 * default, buffers have the fixed sizes of net_limits.h).
 *
 *   SOL_SOCKET   SO_REUSEADDR, SO_KEEPALIVE, SO_BROADCAST, SO_OOBINLINE
 *                (int flags); SO_RCVBUF, SO_SNDBUF (set accepted, get
 *                reports the netstack's fixed size); SO_ERROR, SO_TYPE,
 *                SO_ACCEPTCONN, SO_DOMAIN, SO_PROTOCOL (get only: set is
 *                ENOPROTOOPT)
 *   IPPROTO_TCP  TCP_NODELAY (stream sockets only)
 * Anything else is -ENOPROTOOPT. A value shorter than an int is -EINVAL; a
 * get writes at most *len bytes of the int and sets *len to what it wrote.
 */
#ifndef POSIX_SOCK_OPT_H
#define POSIX_SOCK_OPT_H

#include <sys/socket.h>

#include "sock_state.h"

#define SOCK_UDP_RCVBUF (SOCK_UDP_QUEUE * SOCK_UDP_MAX)

/* 0 or -errno. val holds len bytes. */
int sock_opt_set(posix_sock_t *s, int level, int name, const void *val, socklen_t len);

/* 0 or -errno. SO_ERROR takes the pending error. */
int sock_opt_get(posix_sock_t *s, int level, int name, void *val, socklen_t *len);

#endif
