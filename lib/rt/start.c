/* Start-up and CapSet lookup. */
#include "capos/rt.h"

static const capset_t *capset;

__attribute__((noreturn)) void rt_start(const capset_t *cs) {
    capset = cs;
    sys_exit(main());
}

const capset_t *rt_capset(void) {
    return capset;
}

const char *rt_program(void) {
    return capset->program;
}

cap_t rt_cap(const char *name) {
    for (uint32_t i = 0; i < capset->count && i < CAPSET_MAX_ENTRIES; i++)
        if (!strcmp(capset->entries[i].name, name))
            return capset->entries[i].cap;
    return CAP_NULL;
}

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}
