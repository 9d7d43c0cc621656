/*
 * The socket system calls: arguments in Linux x86_64 order, handed to the
 * AF_INET sockets of sock_net.h. Every call but socket/socketpair names a
 * descriptor first: -EBADF when it is not open, -ENOTSOCK when it is no
 * socket. sendmsg/recvmsg move their iovec one element at a time (no
 * ancillary data: msg_controllen becomes 0); sendmmsg/recvmmsg are
 * -EOPNOTSUPP on a socket.
 */
#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "glue.h"
#include "handlers.h"
#include "sock_net.h"
#include "sock_opt.h"

#define IOV_MAX_LINUX 1024

long posix_sys_socket(const long a[6]) {
    return posix_socket_open((int)a[0], (int)a[1], (int)a[2]);
}

/* No socket pairs: AF_INET has none, and there is no AF_UNIX. */
long posix_sys_socketpair(const long a[6]) {
    return (int)a[0] == AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
}

/* The socket named by a[0], or the errno sock_ref gave. */
#define WITH_SOCK(r, a)                                                                            \
    sock_ref_t r;                                                                                  \
    do {                                                                                           \
        int ref_err_ = sock_ref((int)(a)[0], &r);                                                  \
        if (ref_err_)                                                                              \
            return ref_err_;                                                                       \
    } while (0)

long posix_sys_bind(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_bind(&r, (const void *)a[1], (socklen_t)a[2]);
}

long posix_sys_listen(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_listen(&r, (int)a[1]);
}

long posix_sys_accept(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_accept(&r, (void *)a[1], (socklen_t *)a[2], 0);
}

long posix_sys_accept4(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_accept(&r, (void *)a[1], (socklen_t *)a[2], (int)a[3]);
}

long posix_sys_connect(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_connect(&r, (const void *)a[1], (socklen_t)a[2]);
}

long posix_sys_sendto(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_send(&r, (const void *)a[1], (size_t)a[2], (int)a[3], (const void *)a[4],
                           (socklen_t)a[5]);
}

long posix_sys_recvfrom(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_recv(&r, (void *)a[1], (size_t)a[2], (int)a[3], (void *)a[4],
                           (socklen_t *)a[5]);
}

long posix_sys_shutdown(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_shutdown(&r, (int)a[1]);
}

long posix_sys_getsockname(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_name(&r, false, (void *)a[1], (socklen_t *)a[2]);
}

long posix_sys_getpeername(const long a[6]) {
    WITH_SOCK(r, a);
    return posix_sock_name(&r, true, (void *)a[1], (socklen_t *)a[2]);
}

long posix_sys_setsockopt(const long a[6]) {
    WITH_SOCK(r, a);
    return sock_opt_set(r.s, (int)a[1], (int)a[2], (const void *)a[3], (socklen_t)a[4]);
}

long posix_sys_getsockopt(const long a[6]) {
    WITH_SOCK(r, a);
    return sock_opt_get(r.s, (int)a[1], (int)a[2], (void *)a[3], (socklen_t *)a[4]);
}

/* sendmsg/recvmsg: element by element, stopping at the first short
 * transfer; a datagram socket takes only the first non-empty element. */
static long message_io(const long a[6], bool sending) {
    WITH_SOCK(r, a);
    struct msghdr *m = (struct msghdr *)a[1];
    int flags = (int)a[2];
    if (!m || m->msg_iovlen > IOV_MAX_LINUX)
        return -EINVAL;
    long total = 0;
    for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) {
        struct iovec *v = &m->msg_iov[i];
        if (v->iov_len == 0)
            continue;
        long n = sending ? posix_sock_send(&r, v->iov_base, v->iov_len, flags, m->msg_name,
                                           m->msg_namelen)
                         : posix_sock_recv(&r, v->iov_base, v->iov_len, flags, m->msg_name,
                                           m->msg_name ? &m->msg_namelen : NULL);
        if (n < 0)
            return total ? total : n;
        total += n;
        if ((size_t)n < v->iov_len || r.s->type == SOCK_DGRAM)
            break;
    }
    if (!sending) {
        m->msg_controllen = 0;
        m->msg_flags = 0;
    }
    return total;
}

long posix_sys_sendmsg(const long a[6]) {
    return message_io(a, true);
}

long posix_sys_recvmsg(const long a[6]) {
    return message_io(a, false);
}

/* sendmmsg, recvmmsg. */
long posix_sys_on_socket(const long a[6]) {
    WITH_SOCK(r, a);
    return -EOPNOTSUPP;
}
