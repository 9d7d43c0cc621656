/* stat(2) contents (see fd_stat.h). */
#include <string.h>

#include "fd_stat.h"

/* Fixed inode numbers; /pkg files hash into the range above them. */
enum {
    INO_ROOT = 1,
    INO_PKG,
    INO_DEV,
    INO_NULL,
    INO_URANDOM,
    INO_CONSOLE,
    INO_SOCKET,
    INO_FIRST_FILE
};

static void fill(struct stat *st, mode_t mode, ino_t ino, off_t size) {
    memset(st, 0, sizeof(*st));
    st->st_dev = POSIX_STAT_DEV;
    st->st_ino = ino;
    st->st_mode = mode;
    st->st_nlink = S_ISDIR(mode) ? 2 : 1;
    st->st_size = size;
    st->st_blksize = POSIX_BLKSIZE;
    st->st_blocks = (size + 511) / 512;
}

/* FNV-1a over the entry name, kept clear of the fixed numbers. */
static ino_t name_ino(const char *name, uint32_t len) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 0x100000001b3ull;
    return (ino_t)(INO_FIRST_FILE + (h >> 1));
}

void fd_stat(const fd_entry_t *e, struct stat *st) {
    switch (e->kind) {
    case FD_KIND_PKGFILE:
        fill(st, S_IFREG | 0444, name_ino(e->name, e->name_len), (off_t)e->size);
        break;
    case FD_KIND_URANDOM:
        fill(st, S_IFCHR | 0444, INO_URANDOM, 0);
        break;
    case FD_KIND_CONSOLE:
        fill(st, S_IFCHR | 0222, INO_CONSOLE, 0);
        break;
    case FD_KIND_SOCKET:
        fill(st, S_IFSOCK | 0777, INO_SOCKET, 0);
        break;
    default:
        fill(st, S_IFCHR | 0666, INO_NULL, 0);
        break;
    }
}

void path_stat(path_kind_t kind, struct stat *st) {
    switch (kind) {
    case PATH_ROOT_DIR:
        fill(st, S_IFDIR | 0555, INO_ROOT, 0);
        break;
    case PATH_PKG_DIR:
        fill(st, S_IFDIR | 0555, INO_PKG, 0);
        break;
    case PATH_DEV_DIR:
        fill(st, S_IFDIR | 0555, INO_DEV, 0);
        break;
    case PATH_DEV_URANDOM:
        fill(st, S_IFCHR | 0444, INO_URANDOM, 0);
        break;
    default:
        fill(st, S_IFCHR | 0666, INO_NULL, 0);
        break;
    }
}
