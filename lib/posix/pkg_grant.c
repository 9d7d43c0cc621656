/* The file:NAME / bootpackage convention (see pkg_grant.h). */
#include <string.h>

#include "pkg_grant.h"

cap_t capset_find(const capset_t *cs, const char *name, uint32_t type) {
    size_t n = strlen(name);
    if (n == 0 || n >= CAPSET_NAME_MAX)
        return CAP_NULL;
    uint32_t count = cs->count < CAPSET_MAX_ENTRIES ? cs->count : CAPSET_MAX_ENTRIES;
    for (uint32_t i = 0; i < count; i++) {
        const capset_entry_t *e = &cs->entries[i];
        if (e->type == type && memcmp(e->name, name, n) == 0 && e->name[n] == '\0')
            return e->cap;
    }
    return CAP_NULL;
}

bool pkg_grant_name(const char *name, uint32_t len, char out[CAPSET_NAME_MAX]) {
    size_t prefix = strlen(PKG_GRANT_PREFIX);
    if (len == 0 || prefix + len >= CAPSET_NAME_MAX || memchr(name, '\0', len))
        return false;
    memcpy(out, PKG_GRANT_PREFIX, prefix);
    memcpy(out + prefix, name, len);
    out[prefix + len] = '\0';
    return true;
}

cap_t pkg_grant_lookup(const capset_t *cs, const char *name, uint32_t len, bool *whole) {
    char grant[CAPSET_NAME_MAX];
    cap_t cap = CAP_NULL;
    if (pkg_grant_name(name, len, grant))
        cap = capset_find(cs, grant, CAP_TYPE_BOOTPACKAGE);
    *whole = cap == CAP_NULL;
    if (cap == CAP_NULL)
        cap = capset_find(cs, PKG_GRANT_WHOLE, CAP_TYPE_BOOTPACKAGE);
    return cap;
}
