/* The net / net:PORT CapSet convention (see sock_grant.h). */
#include <string.h>

#include "pkg_grant.h"
#include "sock_grant.h"

bool sock_grant_port_name(uint32_t port, char out[CAPSET_NAME_MAX]) {
    if (port == 0 || port > 65535)
        return false;
    char digits[6];
    uint32_t n = 0;
    for (uint32_t v = port; v > 0; v /= 10)
        digits[n++] = (char)('0' + v % 10);
    size_t p = strlen(SOCK_GRANT_PORT_PREFIX);
    memcpy(out, SOCK_GRANT_PORT_PREFIX, p);
    while (n > 0)
        out[p++] = digits[--n];
    out[p] = '\0';
    return true;
}

cap_t sock_grant_net(const capset_t *cs) {
    return capset_find(cs, SOCK_GRANT_NET, CAP_TYPE_ENDPOINT);
}

cap_t sock_grant_for_port(const capset_t *cs, uint32_t port, bool *exact) {
    char name[CAPSET_NAME_MAX];
    cap_t c = CAP_NULL;
    if (sock_grant_port_name(port, name))
        c = capset_find(cs, name, CAP_TYPE_ENDPOINT);
    if (exact)
        *exact = c != CAP_NULL;
    return c != CAP_NULL ? c : sock_grant_net(cs);
}

bool sock_grant_any(const capset_t *cs) {
    size_t p = strlen(SOCK_GRANT_PORT_PREFIX);
    for (uint32_t i = 0; i < cs->count && i < CAPSET_MAX_ENTRIES; i++) {
        const capset_entry_t *en = &cs->entries[i];
        if (en->type != CAP_TYPE_ENDPOINT || memchr(en->name, '\0', CAPSET_NAME_MAX) == NULL)
            continue;
        if (strcmp(en->name, SOCK_GRANT_NET) == 0 ||
            strncmp(en->name, SOCK_GRANT_PORT_PREFIX, p) == 0)
            return true;
    }
    return false;
}
