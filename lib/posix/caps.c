/* The CapSet: always mapped read-only at CAPSET_ADDR, so it is found without
 * any start-up code (musl's crt1 runs first and knows nothing of it). */
#include "glue.h"
#include "pkg_grant.h"

const capset_t *posix_capset(void) {
    return (const capset_t *)(uintptr_t)CAPSET_ADDR;
}

cap_t posix_cap(const char *name, uint32_t type) {
    return capset_find(posix_capset(), name, type);
}
