/* Random bytes from the entropy cap, in EntropySource.read-sized chunks. */
#include <errno.h>

#include "capos/idl/entropy.h"
#include "errno_map.h"
#include "glue.h"

#define ENTROPY_CHUNK 256u /* EntropySource.read: bytes<256> */

long posix_entropy_read(void *buf, size_t len) {
    cap_t entropy = posix_cap("entropy", CAP_TYPE_ENTROPY);
    if (entropy == CAP_NULL)
        return -EPERM;
    size_t done = 0;
    while (done < len) {
        uint32_t n = len - done > ENTROPY_CHUNK ? ENTROPY_CHUNK : (uint32_t)(len - done);
        uint32_t got = 0;
        cap_err_t e = entropy_source_read(entropy, n, (uint8_t *)buf + done, n, &got);
        if (e == CAP_OK && got == 0)
            e = CAP_ERR_NO_ENTROPY;
        if (e != CAP_OK)
            return done ? (long)done : -errno_from_cap(e);
        done += got;
    }
    return (long)done;
}
