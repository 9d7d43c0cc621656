/* Descriptor allocation, lookup, closing and seeking (see fd_table.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "fd_table.h"

void fd_table_init(fd_table_t *t, bool console) {
    memset(t, 0, sizeof(*t));
    t->fd[0] = (fd_entry_t){.kind = FD_KIND_NULL, .flags = O_RDONLY};
    if (console) {
        t->fd[1] = (fd_entry_t){.kind = FD_KIND_CONSOLE, .flags = O_WRONLY};
        t->fd[2] = t->fd[1];
    }
}

int fd_install(fd_table_t *t, const fd_entry_t *e) {
    for (int i = 0; i < POSIX_FD_MAX; i++) {
        if (t->fd[i].kind == FD_KIND_FREE) {
            t->fd[i] = *e;
            return i;
        }
    }
    return -EMFILE;
}

fd_entry_t *fd_lookup(fd_table_t *t, int fd) {
    if (fd < 0 || fd >= POSIX_FD_MAX || t->fd[fd].kind == FD_KIND_FREE)
        return NULL;
    return &t->fd[fd];
}

int fd_close(fd_table_t *t, int fd) {
    fd_entry_t *e = fd_lookup(t, fd);
    if (!e)
        return -EBADF;
    memset(e, 0, sizeof(*e));
    return 0;
}

int64_t fd_seek(fd_entry_t *e, int64_t off, int whence) {
    if (e->kind != FD_KIND_PKGFILE)
        return -ESPIPE;
    int64_t base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = (int64_t)e->offset;
        break;
    case SEEK_END:
        base = (int64_t)e->size;
        break;
    default:
        return -EINVAL;
    }
    int64_t pos;
    if (__builtin_add_overflow(base, off, &pos) || pos < 0)
        return -EINVAL;
    e->offset = (uint64_t)pos;
    return pos;
}

bool fd_can_read(const fd_entry_t *e) {
    int mode = e->flags & O_ACCMODE;
    return e->kind != FD_KIND_CONSOLE && (mode == O_RDONLY || mode == O_RDWR);
}

bool fd_can_write(const fd_entry_t *e) {
    int mode = e->flags & O_ACCMODE;
    return (e->kind == FD_KIND_CONSOLE || e->kind == FD_KIND_NULL || e->kind == FD_KIND_SOCKET) &&
           (mode == O_WRONLY || mode == O_RDWR);
}
