/* getrandom over the entropy cap. Every flag is honoured trivially: the
 * source never blocks (GRND_NONBLOCK), and there is one pool (GRND_RANDOM,
 * GRND_INSECURE). Without an entropy cap: -EPERM. */
#include <errno.h>
#include <sys/random.h>

#include "glue.h"
#include "handlers.h"

#define GETRANDOM_MAX 33554431ul /* Linux returns at most this much per call */

long posix_sys_getrandom(const long a[6]) {
    size_t len = (size_t)a[1];
    if ((unsigned)a[2] & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    return posix_entropy_read((void *)a[0], len > GETRANDOM_MAX ? GETRANDOM_MAX : len);
}
