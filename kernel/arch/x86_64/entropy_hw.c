/* RDSEED / RDRAND. Fail closed: no instruction, or repeated failures, means
 * no entropy; there is no software fallback. */
#include "cpu.h"
#include "../../kernel.h"

#define HW_RETRIES 32

void entropy_hw_detect(void) {
    uint32_t r[4];
    cpuid(1, 0, r);
    kernel.has_rdrand = (r[2] >> 30) & 1;
    cpuid(0, 0, r);
    if (r[0] >= 7) {
        cpuid(7, 0, r);
        kernel.has_rdseed = (r[1] >> 18) & 1;
    }
}

static bool rdseed64(uint64_t *v) {
    for (int i = 0; i < HW_RETRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

static bool rdrand64(uint64_t *v) {
    for (int i = 0; i < HW_RETRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
        if (ok)
            return true;
    }
    return false;
}

bool entropy_hw_read(uint8_t *out, size_t len) {
    if (!kernel.has_rdseed && !kernel.has_rdrand)
        return false;
    while (len) {
        uint64_t v;
        bool ok = (kernel.has_rdseed && rdseed64(&v)) || (kernel.has_rdrand && rdrand64(&v));
        if (!ok)
            return false;
        size_t n = len < 8 ? len : 8;
        __builtin_memcpy(out, &v, n);
        out += n;
        len -= n;
        v = 0;
    }
    return true;
}
