/* Time since boot and sleeping, over the clock cap. */
#include <errno.h>

#include "capos/idl/clock.h"
#include "errno_map.h"
#include "glue.h"

int posix_clock_now(uint64_t *ns) {
    cap_t clock = posix_cap("clock", CAP_TYPE_CLOCK);
    if (clock == CAP_NULL)
        return -EPERM;
    cap_err_t e = clock_now(clock, ns);
    return e == CAP_OK ? 0 : -errno_from_cap(e);
}

int posix_sleep_ns(uint64_t ns) {
    cap_t clock = posix_cap("clock", CAP_TYPE_CLOCK);
    if (clock == CAP_NULL)
        return -EPERM;
    cap_err_t e = clock_sleep(clock, ns);
    return e == CAP_OK ? 0 : -errno_from_cap(e);
}
