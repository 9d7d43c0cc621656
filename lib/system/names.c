/* Naming rules and grant rights of the system manifest (system_manifest.h). */
#include "capos/abi.h"
#include "capos/system_manifest.h"
#include "manifest_internal.h"

static bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 1..max characters, each alphanumeric or in extra. */
static bool charset_ok(const char *s, size_t len, size_t max, const char *extra) {
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++) {
        bool ok = is_alnum(s[i]);
        for (const char *e = extra; !ok && *e; e++)
            ok = s[i] == *e;
        if (!ok)
            return false;
    }
    return true;
}

bool sys_service_name_valid(const char *s, size_t len) {
    return charset_ok(s, len, SYS_NAME_MAX, "_-");
}

bool sys_export_name_valid(const char *s, size_t len) {
    return charset_ok(s, len, SYS_EXPORT_MAX, "_-");
}

bool sys_capname_valid(const char *s, size_t len) {
    if (!charset_ok(s, len, SYS_CAPNAME_MAX, "_.:-"))
        return false;
    return len < SYS_EXPORT_PREFIX_LEN ||
           __builtin_memcmp(s, SYS_EXPORT_PREFIX, SYS_EXPORT_PREFIX_LEN) != 0;
}

bool sys_entry_name_valid(const char *s, size_t len) {
    return charset_ok(s, len, SYS_ENTRY_MAX, "._-");
}

bool sys_export_cap_valid(const char *export_name, const char *cap) {
    size_t len = 0;
    while (cap[len])
        len++;
    if (sys_capname_valid(cap, len))
        return true;
    return len > SYS_EXPORT_PREFIX_LEN &&
           __builtin_memcmp(cap, SYS_EXPORT_PREFIX, SYS_EXPORT_PREFIX_LEN) == 0 &&
           sys_name_is(export_name, cap + SYS_EXPORT_PREFIX_LEN, len - SYS_EXPORT_PREFIX_LEN);
}

static const struct {
    const char *name;
    uint32_t bit;
} right_names[] = {
    {"call", CAP_RIGHT_CALL}, {"derive", CAP_RIGHT_DERIVE},     {"transfer", CAP_RIGHT_TRANSFER},
    {"read", CAP_RIGHT_READ}, {"write", CAP_RIGHT_WRITE},       {"control", CAP_RIGHT_CONTROL},
    {"bind", CAP_RIGHT_BIND}, {"stale_ok", CAP_RIGHT_STALE_OK},
};

static uint32_t right_bit(const char *s, size_t len) {
    for (size_t i = 0; i < sizeof right_names / sizeof right_names[0]; i++) {
        const char *n = right_names[i].name;
        size_t n_len = 0;
        while (n[n_len])
            n_len++;
        if (n_len == len && __builtin_memcmp(n, s, len) == 0)
            return right_names[i].bit;
    }
    return 0;
}

const char *sys_right_name(uint32_t bit) {
    for (size_t i = 0; i < sizeof right_names / sizeof right_names[0]; i++)
        if (right_names[i].bit == bit)
            return right_names[i].name;
    return 0;
}

bool sys_rights_parse(const char *s, size_t len, uint32_t *rights) {
    uint32_t acc = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '+')
            continue;
        uint32_t bit = right_bit(s + start, i - start);
        if (bit == 0 || (acc & bit))
            return false;
        acc |= bit;
        start = i + 1;
    }
    *rights = acc;
    return true;
}

uint32_t sys_grant_rights(const sys_grant_t *g) {
    uint32_t rights = g->rights;
    if (rights == 0) {
        bool narrow = g->kind == SYS_SRC_FILE || g->kind == SYS_SRC_EXPORT ||
                      g->kind == SYS_SRC_SHUTDOWN || g->kind == SYS_SRC_STATUS;
        rights = narrow ? CAP_RIGHT_CALL : CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV;
    }
    return rights | CAP_RIGHT_TRANSFER;
}

uint32_t sys_grant_scope(const sys_grant_t *g) {
    return g->scope == SYS_SCOPE_DEFAULT ? CAP_SCOPE_SAME_SESSION : g->scope;
}

void sys_copy_name(char *field, size_t field_size, const char *s, size_t len) {
    __builtin_memset(field, 0, field_size);
    __builtin_memcpy(field, s, len);
}

bool sys_name_is(const char *a, const char *s, size_t len) {
    size_t i = 0;
    for (; i < len; i++)
        if (a[i] != s[i] || a[i] == '\0')
            return false;
    return a[i] == '\0';
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool sys_number_parse(const char *s, size_t len, uint64_t max, uint64_t *out) {
    unsigned base = 10;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        len -= 2;
    }
    if (len == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        int d = hex_digit(s[i]);
        if (d < 0 || (unsigned)d >= base || (uint64_t)d > max || v > (max - (uint64_t)d) / base)
            return false;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return true;
}
