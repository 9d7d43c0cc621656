/* Word-wise copying (contract in net_copy.h). The fixed-size
 * __builtin_memcpy calls become single unaligned loads and stores. */
#include "net_copy.h"
#include <stdint.h>

void *net_copy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (; n >= 32; n -= 32, d += 32, s += 32) {
        uint64_t a, b, c, e;
        __builtin_memcpy(&a, s, 8);
        __builtin_memcpy(&b, s + 8, 8);
        __builtin_memcpy(&c, s + 16, 8);
        __builtin_memcpy(&e, s + 24, 8);
        __builtin_memcpy(d, &a, 8);
        __builtin_memcpy(d + 8, &b, 8);
        __builtin_memcpy(d + 16, &c, 8);
        __builtin_memcpy(d + 24, &e, 8);
    }
    for (; n >= 8; n -= 8, d += 8, s += 8) {
        uint64_t a;
        __builtin_memcpy(&a, s, 8);
        __builtin_memcpy(d, &a, 8);
    }
    for (; n > 0; n--)
        *d++ = *s++;
    return dst;
}
