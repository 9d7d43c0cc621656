/*
 * What stat(2) reports for descriptors and namespace nodes. Pure: no capOS
 * calls. Devices are character devices with fixed inode numbers, /pkg files
 * read-only regular files whose inode number is a hash of the entry name,
 * directories read-and-search only. Nothing has an owner (uid/gid 0), times
 * are 0 (the boot package carries none).
 */
#ifndef POSIX_FD_STAT_H
#define POSIX_FD_STAT_H

#include <sys/stat.h>

#include "fd_table.h"
#include "path.h"

#define POSIX_STAT_DEV 0xca05u /* st_dev of everything */
#define POSIX_BLKSIZE 1016     /* one BootPackage.read */

/* Fills *st for an open descriptor. */
void fd_stat(const fd_entry_t *e, struct stat *st);

/* Fills *st for a resolved path that is not a /pkg file (a directory or a
 * device); /pkg files are stat'ed through fd_stat after looking them up. */
void path_stat(path_kind_t kind, struct stat *st);

#endif
