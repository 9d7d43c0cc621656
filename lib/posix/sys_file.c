/*
 * Opening, closing and stat'ing by path (path.h for the namespace,
 * pkg_grant.h for which /pkg files exist for this process).
 *
 * Everything is read-only: opening a granted file or /dev/urandom for
 * writing (or with O_TRUNC) is -EACCES; an ungranted or unknown name is
 * -ENOENT whatever the mode, so a refusal never reveals that a name exists.
 * /dev/urandom exists only with an entropy cap; /dev/null always (it grants
 * nothing). Directories can be stat'ed but not opened (-EOPNOTSUPP: there
 * are no directory descriptors). A relative path with a dirfd other than
 * AT_FDCWD is -ENOTDIR (no descriptor is a directory).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fd_stat.h"
#include "glue.h"
#include "handlers.h"
#include "sock_net.h"

static int resolve(const char *path, path_target_t *t) {
    return path_resolve(path, strnlen(path, POSIX_PATH_MAX), t);
}

/* dirfd may stand beside path: AT_FDCWD, or any dirfd for an absolute path. */
static int check_dirfd(int dirfd, const char *path) {
    if (dirfd == AT_FDCWD || path[0] == '/')
        return 0;
    return fd_lookup(posix_fds(), dirfd) ? -ENOTDIR : -EBADF;
}

static int has_entropy(void) {
    return posix_cap("entropy", CAP_TYPE_ENTROPY) != CAP_NULL;
}

/* The descriptor entry for an existing, openable target. */
static int entry_for(const path_target_t *t, fd_entry_t *e) {
    switch (t->kind) {
    case PATH_DEV_NULL:
        e->kind = FD_KIND_NULL;
        return 0;
    case PATH_DEV_URANDOM:
        e->kind = FD_KIND_URANDOM;
        return has_entropy() ? 0 : -ENOENT;
    case PATH_PKG_FILE:
        return pkgfile_open(t, e);
    default:
        return -EOPNOTSUPP;
    }
}

static long open_path(const char *path, int flags) {
    path_target_t t;
    int acc = flags & O_ACCMODE;
    int r = acc == O_ACCMODE ? -EINVAL : resolve(path, &t);
    if (r < 0)
        return r;
    int writes = acc != O_RDONLY || (flags & O_TRUNC);
    if (path_is_dir(t.kind))
        return writes ? -EISDIR : -EOPNOTSUPP;
    fd_entry_t e = {.flags = flags & FD_KEPT_FLAGS, .cloexec = (flags & O_CLOEXEC) != 0};
    if ((r = entry_for(&t, &e)) < 0)
        return r;
    if (flags & O_DIRECTORY)
        return -ENOTDIR;
    if (writes && t.kind != PATH_DEV_NULL)
        return -EACCES;
    if ((flags & O_CREAT) && (flags & O_EXCL))
        return -EEXIST;
    return fd_install(posix_fds(), &e);
}

long posix_sys_open(const long a[6]) {
    return open_path((const char *)a[0], (int)a[1]);
}

long posix_sys_openat(const long a[6]) {
    int r = check_dirfd((int)a[0], (const char *)a[1]);
    return r < 0 ? r : open_path((const char *)a[1], (int)a[2]);
}

/* A socket also closes its netstack objects (sock_net.c). */
long posix_sys_close(const long a[6]) {
    fd_entry_t *e = fd_lookup(posix_fds(), (int)a[0]);
    if (e && e->kind == FD_KIND_SOCKET)
        return posix_sock_close((int)a[0]);
    return fd_close(posix_fds(), (int)a[0]);
}

static long stat_path(const char *path, struct stat *st) {
    path_target_t t;
    int r = resolve(path, &t);
    if (r < 0)
        return r;
    if (t.kind == PATH_PKG_FILE || t.kind == PATH_DEV_URANDOM) {
        fd_entry_t e = {0};
        if ((r = entry_for(&t, &e)) < 0)
            return r;
        fd_stat(&e, st);
        return 0;
    }
    path_stat(t.kind, st);
    return 0;
}

/* stat and lstat alike: there are no symbolic links. */
long posix_sys_stat(const long a[6]) {
    return stat_path((const char *)a[0], (struct stat *)a[1]);
}

long posix_sys_fstat(const long a[6]) {
    const fd_entry_t *e = fd_lookup(posix_fds(), (int)a[0]);
    if (!e)
        return -EBADF;
    fd_stat(e, (struct stat *)a[1]);
    return 0;
}

long posix_sys_newfstatat(const long a[6]) {
    int dirfd = (int)a[0], flags = (int)a[3];
    const char *path = (const char *)a[1];
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    if ((flags & AT_EMPTY_PATH) && path[0] == '\0') {
        if (dirfd != AT_FDCWD)
            return posix_sys_fstat((const long[6]){dirfd, a[2]});
        path_stat(PATH_ROOT_DIR, (struct stat *)a[2]);
        return 0;
    }
    int r = check_dirfd(dirfd, path);
    return r < 0 ? r : stat_path(path, (struct stat *)a[2]);
}
