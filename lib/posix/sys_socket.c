/*
 * Sockets: there is no network capability yet, so no socket can be made
 * (-EAFNOSUPPORT for every family) and every socket call on a descriptor
 * finds a non-socket (-ENOTSOCK) or nothing (-EBADF). A real error, never a
 * pretend success.
 */
#include <errno.h>

#include "glue.h"
#include "handlers.h"

/* socket and socketpair. */
long posix_sys_socket(const long a[6]) {
    (void)a;
    return -EAFNOSUPPORT;
}

/* bind, listen, accept(4), connect, send*, recv*, shutdown, get/setsockopt,
 * getsockname, getpeername: the descriptor comes first. */
long posix_sys_on_socket(const long a[6]) {
    return fd_lookup(posix_fds(), (int)a[0]) ? -ENOTSOCK : -EBADF;
}
