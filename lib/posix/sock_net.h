/*
 * AF_INET sockets over the netstack's capabilities (idl/net.idl): the glue
 * behind sys_socket.c, sys_io.c, sys_file.c and sys_poll.c. Guest only.
 * Results are a value >= 0 or a negative errno.
 *
 * A socket descriptor is an FD_KIND_SOCKET entry of the fd table; its state
 * (sock_state.h) lives in a table beside it, indexed by the descriptor. The
 * facets come from the CapSet (sock_grant.h); the notification that the
 * netstack's watch signals is one per process (bit fd for descriptor fd),
 * made from the memory cap on first use.
 */
#ifndef POSIX_SOCK_NET_H
#define POSIX_SOCK_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "fd_table.h"
#include "sock_state.h"

/* One open socket descriptor. */
typedef struct {
    int fd;
    fd_entry_t *e;
    posix_sock_t *s;
} sock_ref_t;

/* sock_net.c: objects, addresses, options */

/* Finds socket fd: 0, -EBADF (not open) or -ENOTSOCK. */
int sock_ref(int fd, sock_ref_t *r);
/* Whether a call on r must not wait (O_NONBLOCK, or MSG_DONTWAIT in flags). */
bool sock_nonblocking(const sock_ref_t *r, int flags);

int posix_socket_open(int domain, int type, int protocol);
int posix_sock_bind(sock_ref_t *r, const void *sa, socklen_t len);
int posix_sock_listen(sock_ref_t *r, int backlog);
int posix_sock_accept(sock_ref_t *r, void *sa, socklen_t *len, int flags);
int posix_sock_connect(sock_ref_t *r, const void *sa, socklen_t len);
int posix_sock_shutdown(sock_ref_t *r, int how);
int posix_sock_name(sock_ref_t *r, bool peer, void *sa, socklen_t *len);
/* Closes the netstack objects of fd's socket and frees the descriptor. */
int posix_sock_close(int fd);
/* A datagram socket's UdpSocket, made (ephemeral port, watched) when it
 * has none yet: 0 or -errno. */
int posix_sock_dgram_ready(sock_ref_t *r);
/* The interface's own address (NetInfo.config through any net facet), 0
 * when not known (no facet, or no address yet). */
uint32_t posix_sock_own_address(void);
/* The state of descriptor fd (socket or not), or NULL when out of range. */
posix_sock_t *posix_sock_at(int fd);

/* dns_resolve.c: the DNS stub. intercept takes a datagram for
 * 127.0.0.1:53 (true: answered or dropped, nothing is sent); deliver moves
 * a waiting answer for fd into s's receive area when it is free; forget
 * drops fd's answers (close). */
bool posix_dns_intercept(int fd, uint32_t addr, uint32_t port, const void *buf, size_t len);
void posix_dns_deliver(int fd, posix_sock_t *s);
void posix_dns_forget(int fd);
/* Ends a connection that broke: records err (ECONNRESET) for SO_ERROR. */
void posix_sock_broken(posix_sock_t *s, int err);

/* sock_io.c: data */

/* send/sendto/write: flags MSG_NOSIGNAL, MSG_DONTWAIT (others -EOPNOTSUPP);
 * sa (may be NULL) only for datagrams. */
long posix_sock_send(sock_ref_t *r, const void *buf, size_t len, int flags, const void *sa,
                     socklen_t salen);
/* recv/recvfrom/read: flags MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, MSG_TRUNC
 * (datagrams: the full length); sa/salen may be NULL. */
long posix_sock_recv(sock_ref_t *r, void *buf, size_t len, int flags, void *sa, socklen_t *salen);

/* sock_wait.c: readiness */

/* Asks the netstack object of fd to signal bit fd of the process's
 * notification (nothing when there is no memory cap to make one). */
void posix_sock_watch(int fd, posix_sock_t *s);
/* poll revents of socket fd: takes data, a datagram or a connection into
 * the socket's holding area first when sock_should_fetch says so. */
short posix_sock_poll(int fd, short events);
/* Takes the notification's pending bits (without waiting) and clears the
 * idle marks of the sockets they name. */
void posix_sock_take_signals(void);
/* Waits until a watched socket may have changed or deadline_ns (Clock.now;
 * UINT64_MAX: none) passes: 0, or -errno. Without a notification it
 * sleeps at most SOCK_WAIT_SLICE_NS and then treats every socket as
 * signalled. */
int posix_sock_wait(uint64_t deadline_ns);

#define SOCK_WAIT_SLICE_NS 10000000ull /* 10 ms */

#endif
