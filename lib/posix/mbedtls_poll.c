/* mbedTLS's hardware entropy source (MBEDTLS_ENTROPY_HARDWARE_ALT): the
 * entropy cap. All or nothing: a missing cap or a refusing source fails
 * the poll, and mbedTLS then fails closed. */
#include <mbedtls/entropy.h>
#include <mbedtls/entropy_poll.h>

#include "glue.h"

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen) {
    (void)data;
    long got = posix_entropy_read(output, len);
    if (got < 0 || (size_t)got != len) {
        *olen = 0;
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    }
    *olen = len;
    return 0;
}
