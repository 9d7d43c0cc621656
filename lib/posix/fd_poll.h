/*
 * Readiness of descriptors for poll/select. Pure: no capOS calls. Nothing a
 * capOS process can open ever blocks: files, /dev/null and urandom are
 * always readable, the console and /dev/null always writable. A direction
 * the descriptor was not opened for never becomes ready.
 */
#ifndef POSIX_FD_POLL_H
#define POSIX_FD_POLL_H

#include "fd_table.h"

/* revents for one pollfd: POLLNVAL when e is NULL (not open), else the
 * requested POLLIN/POLLRDNORM and POLLOUT/POLLWRNORM bits that are ready. */
short fd_poll_revents(const fd_entry_t *e, short events);

#endif
