/* Kernel objects: a typed, reference-counted header embedded first in every
 * object. The last reference destroys the object through its type. */
#ifndef KERNEL_KOBJECT_H
#define KERNEL_KOBJECT_H

#include "../kernel.h"
#include "cap_table.h"

typedef struct kobject {
    uint32_t type; /* cap_type_t */
    uint32_t refs;
    struct mem_pool *charged; /* quota paying for this object, credited on destroy */
} kobject_t;

static inline void kobject_init(kobject_t *o, cap_type_t type) {
    o->type = type;
    o->refs = 1;
    o->charged = NULL;
}
static inline void kobject_ref(kobject_t *o) {
    o->refs++;
}
void kobject_unref(kobject_t *o);

/* A fresh hold for a newly created object (owns the creation reference). */
static inline cap_hold_t kobject_hold(kobject_t *o, uint32_t rights, uint32_t scope) {
    return (cap_hold_t){.obj = o,
                        .type = o->type,
                        .rights = rights,
                        .scope = scope,
                        .disclose = DISCLOSE_ALL,
                        .badge = CAP_BADGE_NONE};
}

#endif
