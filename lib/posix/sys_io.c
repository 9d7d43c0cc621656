/*
 * Reading, writing and controlling open descriptors (fd_table.h). fds 1 and
 * 2 write to the console cap; /pkg files and /dev/urandom read through their
 * caps; /dev/null reads end of file and swallows writes; sockets move data
 * through sock_io.c (the descriptor's O_NONBLOCK applies). No descriptor is
 * a terminal: every ioctl is -ENOTTY (musl then buffers stdout fully).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>

#include "glue.h"
#include "handlers.h"
#include "sock_net.h"

#define RW_MAX 0x7ffff000ul /* Linux's per-call limit */
#define IOV_MAX_LINUX 1024

/* A socket entry as the sock_net.h reference to it. */
static sock_ref_t socket_of(fd_entry_t *e) {
    int fd = (int)(e - posix_fds()->fd);
    return (sock_ref_t){.fd = fd, .e = e, .s = posix_sock_at(fd)};
}

static long read_entry(fd_entry_t *e, void *buf, size_t len) {
    if (!fd_can_read(e))
        return -EBADF;
    len = len > RW_MAX ? RW_MAX : len;
    switch (e->kind) {
    case FD_KIND_SOCKET: {
        sock_ref_t r = socket_of(e);
        return posix_sock_recv(&r, buf, len, 0, NULL, NULL);
    }
    case FD_KIND_URANDOM:
        return posix_entropy_read(buf, len);
    case FD_KIND_PKGFILE: {
        long n = pkgfile_read(e, buf, len, e->offset);
        if (n > 0)
            e->offset += (uint64_t)n;
        return n;
    }
    default:
        return 0;
    }
}

static long write_entry(fd_entry_t *e, const void *buf, size_t len) {
    if (!fd_can_write(e))
        return -EBADF;
    len = len > RW_MAX ? RW_MAX : len;
    if (e->kind == FD_KIND_SOCKET) {
        sock_ref_t r = socket_of(e);
        return posix_sock_send(&r, buf, len, 0, NULL, 0);
    }
    return e->kind == FD_KIND_CONSOLE ? posix_console_write(buf, len) : (long)len;
}

static fd_entry_t *entry(long fd) {
    return fd_lookup(posix_fds(), (int)fd);
}

long posix_sys_read(const long a[6]) {
    fd_entry_t *e = entry(a[0]);
    return e ? read_entry(e, (void *)a[1], (size_t)a[2]) : -EBADF;
}

long posix_sys_write(const long a[6]) {
    fd_entry_t *e = entry(a[0]);
    return e ? write_entry(e, (const void *)a[1], (size_t)a[2]) : -EBADF;
}

/* readv/writev: element by element, stopping at the first short transfer;
 * an error counts only when nothing was transferred. */
static long vector_io(const long a[6], int writing) {
    fd_entry_t *e = entry(a[0]);
    const struct iovec *iov = (const struct iovec *)a[1];
    int n = (int)a[2];
    if (!e)
        return -EBADF;
    if (n < 0 || n > IOV_MAX_LINUX)
        return -EINVAL;
    long total = 0;
    for (int i = 0; i < n; i++) {
        long r = writing ? write_entry(e, iov[i].iov_base, iov[i].iov_len)
                         : read_entry(e, iov[i].iov_base, iov[i].iov_len);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((size_t)r < iov[i].iov_len)
            break;
    }
    return total;
}

long posix_sys_readv(const long a[6]) {
    return vector_io(a, 0);
}

long posix_sys_writev(const long a[6]) {
    return vector_io(a, 1);
}

long posix_sys_pread64(const long a[6]) {
    fd_entry_t *e = entry(a[0]);
    if (!e || !fd_can_read(e))
        return -EBADF;
    if (e->kind != FD_KIND_PKGFILE)
        return -ESPIPE;
    if (a[3] < 0)
        return -EINVAL;
    size_t len = (size_t)a[2] > RW_MAX ? RW_MAX : (size_t)a[2];
    return pkgfile_read(e, (void *)a[1], len, (uint64_t)a[3]);
}

long posix_sys_lseek(const long a[6]) {
    fd_entry_t *e = entry(a[0]);
    return e ? fd_seek(e, a[1], (int)a[2]) : -EBADF;
}

/* F_GETFD/F_SETFD/F_GETFL/F_SETFL; the rest (duplication, locks, owners)
 * is -EINVAL. */
long posix_sys_fcntl(const long a[6]) {
    fd_entry_t *e = entry(a[0]);
    if (!e)
        return -EBADF;
    switch ((int)a[1]) {
    case F_GETFD:
        return e->cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
        e->cloexec = (a[2] & FD_CLOEXEC) != 0;
        return 0;
    case F_GETFL:
        return e->flags;
    case F_SETFL:
        e->flags = (e->flags & ~FD_SETTABLE_FLAGS) | ((int)a[2] & FD_SETTABLE_FLAGS);
        return 0;
    default:
        return -EINVAL;
    }
}

long posix_sys_ioctl(const long a[6]) {
    return entry(a[0]) ? -ENOTTY : -EBADF;
}
