/* The shell's named capabilities (cap_table.h). */
#include "cap_table.h"

#include <string.h>

void sh_caps_init(sh_caps_t *t) {
    memset(t, 0, sizeof(*t));
}

bool sh_caps_name_valid(const char *name) {
    size_t n = strlen(name);
    if (n == 0 || n > SH_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == ':' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

sh_cap_t *sh_caps_find(sh_caps_t *t, const char *name) {
    for (uint32_t i = 0; i < SH_MAX_CAPS; i++)
        if (t->e[i].used && !strcmp(t->e[i].name, name))
            return &t->e[i];
    return NULL;
}

sh_caps_err_t sh_caps_add(sh_caps_t *t, const char *name, cap_t cap, uint32_t iface,
                          sh_origin_t origin) {
    if (!sh_caps_name_valid(name))
        return SH_CAPS_BAD_NAME;
    if (sh_caps_find(t, name))
        return SH_CAPS_EXISTS;
    for (uint32_t i = 0; i < SH_MAX_CAPS; i++) {
        sh_cap_t *e = &t->e[i];
        if (e->used)
            continue;
        *e = (sh_cap_t){.used = true, .origin = (uint8_t)origin, .iface = iface, .cap = cap};
        memcpy(e->name, name, strlen(name) + 1);
        return SH_CAPS_OK;
    }
    return SH_CAPS_FULL;
}

void sh_caps_forget(sh_cap_t *e) {
    memset(e, 0, sizeof(*e));
}

/* PREFIX followed by n in decimal; false if it does not fit. */
static bool numbered(const char *prefix, uint32_t n, char *out, uint32_t cap) {
    char digits[10];
    uint32_t nd = 0, plen = (uint32_t)strlen(prefix);
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    if (plen + nd + 1 > cap || plen + nd > SH_NAME_MAX)
        return false;
    memcpy(out, prefix, plen);
    for (uint32_t i = 0; i < nd; i++)
        out[plen + i] = digits[nd - 1 - i];
    out[plen + nd] = '\0';
    return true;
}

bool sh_caps_fresh_name(const sh_caps_t *t, const char *prefix, char *out, uint32_t cap) {
    for (uint32_t n = 1; n <= SH_MAX_CAPS + 1; n++) {
        if (!numbered(prefix, n, out, cap))
            return false;
        if (!sh_caps_find((sh_caps_t *)t, out))
            return true;
    }
    return false;
}

static const struct {
    const char *name;
    uint32_t iface;
} known_names[] = {
    {"terminal", 256}, {"launcher", 8},   {"shutdown", 304}, {"status", 352}, {"logs", 273},
    {"self", 337},     {"sessions", 320}, {"broker", 336},   {"session", 13}, {"audit", 272},
};

uint32_t sh_iface_for_name(const char *name) {
    for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
        if (!strcmp(known_names[i].name, name))
            return known_names[i].iface;
    return 0;
}

uint32_t sh_iface_for_type(uint32_t type) {
    return type > CAP_TYPE_REPLY ? type : 0;
}

const char *sh_origin_name(sh_origin_t origin) {
    switch (origin) {
    case SH_FROM_CAPSET:
        return "granted";
    case SH_FROM_BUNDLE:
        return "session bundle";
    case SH_FROM_SPAWN:
        return "child process";
    case SH_FROM_REPLY:
        return "call result";
    }
    return "?";
}
