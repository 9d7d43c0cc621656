/* Output to the console cap, in Console.write-sized chunks. */
#include <errno.h>

#include "capos/idl/console.h"
#include "errno_map.h"
#include "glue.h"

#define CONSOLE_CHUNK 1016u /* Console.write: bytes<1016> */

long posix_console_write(const void *buf, size_t len) {
    cap_t console = posix_cap("console", CAP_TYPE_CONSOLE);
    if (console == CAP_NULL)
        return -EBADF;
    size_t done = 0;
    while (done < len) {
        uint32_t n = len - done > CONSOLE_CHUNK ? CONSOLE_CHUNK : (uint32_t)(len - done);
        cap_err_t e = console_write(console, (const uint8_t *)buf + done, n);
        if (e != CAP_OK)
            return done ? (long)done : -errno_from_cap(e);
        done += n;
    }
    return (long)done;
}
