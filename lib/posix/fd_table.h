/*
 * The file descriptor table of a capOS process: a fixed array, lowest free
 * descriptor first, an offset per descriptor (there is no dup(), so no two
 * descriptors share an open file). Pure: no capOS calls; the glue reads and
 * writes through the capability an entry records.
 */
#ifndef POSIX_FD_TABLE_H
#define POSIX_FD_TABLE_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/bootpkg_name.h"

#define POSIX_FD_MAX 64

typedef enum {
    FD_KIND_FREE = 0,
    FD_KIND_NULL,    /* /dev/null, and stdin: reads see end of file */
    FD_KIND_CONSOLE, /* the console cap: write only */
    FD_KIND_URANDOM, /* the entropy cap: read only */
    FD_KIND_PKGFILE, /* one boot-package entry: read only, seekable */
    FD_KIND_SOCKET,  /* an AF_INET socket: read/write; its state is the glue's (sock_net.c) */
} fd_kind_t;

/* open(2) flags a descriptor keeps (F_GETFL reports them). */
#define FD_KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE)
/* The ones F_SETFL may change. */
#define FD_SETTABLE_FLAGS (O_APPEND | O_NONBLOCK)

typedef struct {
    fd_kind_t kind;
    int flags; /* FD_KEPT_FLAGS bits given to open */
    bool cloexec;
    cap_t cap;       /* PKGFILE: the BootPackage hold to read through */
    uint64_t offset; /* PKGFILE: next read position */
    uint64_t size;   /* PKGFILE: entry size in bytes */
    uint32_t name_len;
    char name[BOOTPKG_NAME_MAX + 1]; /* PKGFILE: the entry's name in the package */
} fd_entry_t;

typedef struct {
    fd_entry_t fd[POSIX_FD_MAX];
} fd_table_t;

/* Fresh table: 0 is NULL (read only); 1 and 2 are the console when the
 * process holds one, else closed. */
void fd_table_init(fd_table_t *t, bool console);

/* Installs e at the lowest free descriptor and returns it, or -EMFILE. */
int fd_install(fd_table_t *t, const fd_entry_t *e);

/* The open entry of fd, or NULL (negative, too large or closed). */
fd_entry_t *fd_lookup(fd_table_t *t, int fd);

/* Closes fd: 0, or -EBADF. */
int fd_close(fd_table_t *t, int fd);

/* lseek(2) on an entry: the new offset, -ESPIPE for an unseekable kind,
 * -EINVAL for a bad whence or a negative or overflowing result. */
int64_t fd_seek(fd_entry_t *e, int64_t off, int whence);

bool fd_can_read(const fd_entry_t *e);
bool fd_can_write(const fd_entry_t *e);

#endif
