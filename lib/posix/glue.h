/*
 * Shared helpers of the lib/posix glue: the process's CapSet, descriptor
 * table, console, entropy, clock and boot-package files. Guest only (they
 * invoke capabilities). Results are a value >= 0 or a negative errno, as the
 * system calls they serve return.
 *
 * A facility whose capability the process does not hold reports EPERM
 * (clock, entropy), ENOMEM (memory), EBADF (console: fds 1 and 2 are closed)
 * or ENOENT (files, /dev/urandom).
 */
#ifndef POSIX_GLUE_H
#define POSIX_GLUE_H

#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"
#include "fd_table.h"
#include "path.h"

/* caps.c: the read-only CapSet the kernel maps at CAPSET_ADDR. */
const capset_t *posix_capset(void);
/* The handle named name with the given cap_type_t, or CAP_NULL. */
cap_t posix_cap(const char *name, uint32_t type);

/* fds.c: this process's descriptor table, set up on first use. */
fd_table_t *posix_fds(void);

/* console_out.c: writes all len bytes to the console cap in chunks; the
 * count written, or -errno when nothing was. */
long posix_console_write(const void *buf, size_t len);

/* entropy_in.c: fills buf from the entropy cap; the count read, or -errno
 * when nothing was (EIO: the hardware source refused). */
long posix_entropy_read(void *buf, size_t len);

/* clock_io.c: nanoseconds since boot, and sleeping; 0 or -errno. */
int posix_clock_now(uint64_t *ns);
int posix_sleep_ns(uint64_t ns);

/* pkgfile.c: fills a PKGFILE entry for /pkg/NAME (-ENOENT without a grant),
 * and reads from one at an offset (the count, 0 at end of file). */
int pkgfile_open(const path_target_t *t, fd_entry_t *out);
long pkgfile_read(const fd_entry_t *e, void *buf, size_t len, uint64_t offset);

/* unimplemented.c: -ENOSYS for syscall n, after naming it on the console
 * the first time. */
long posix_unimplemented(long n);

#endif
