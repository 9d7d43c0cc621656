/* Constant-time equality (see ct.h). */
#include "ct.h"

bool ct_equal(const uint8_t *a, const uint8_t *b, size_t n) {
    /* volatile: the compiler may neither stop at the first difference nor
     * turn the loop into a memcmp */
    volatile uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff = (uint8_t)(diff | (a[i] ^ b[i]));
    return diff == 0;
}
