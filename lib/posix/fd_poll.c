/* poll(2) readiness (see fd_poll.h). */
#include <poll.h>

#include "fd_poll.h"

short fd_poll_revents(const fd_entry_t *e, short events) {
    if (!e)
        return POLLNVAL;
    short ready = 0;
    if (fd_can_read(e))
        ready |= POLLIN | POLLRDNORM;
    if (fd_can_write(e))
        ready |= POLLOUT | POLLWRNORM;
    return (short)(ready & events);
}
