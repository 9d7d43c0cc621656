/* One grant of a service: "CHILD=SOURCE[/MODIFIER...]" (README.md). */
#include "capos/abi.h"
#include "manifest_internal.h"

/* Index of the first c in s[0..len), or len. */
static size_t find(const char *s, size_t len, char c) {
    size_t i = 0;
    while (i < len && s[i] != c)
        i++;
    return i;
}

static bool word_is(const char *s, size_t len, const char *word) {
    size_t n = 0;
    while (word[n])
        n++;
    return n == len && __builtin_memcmp(s, word, n) == 0;
}

static sys_parse_err_t parse_ioports(const char *arg, size_t len, sys_grant_t *g) {
    size_t plus = find(arg, len, '+');
    uint64_t base = 0, count = 0;
    if (plus == len)
        return SYS_PARSE_ERR_BAD_SOURCE;
    if (!sys_number_parse(arg, plus, SYS_IOPORT_LIMIT - 1u, &base) ||
        !sys_number_parse(arg + plus + 1, len - plus - 1, SYS_IOPORT_LIMIT, &count) || count == 0 ||
        base + count > SYS_IOPORT_LIMIT)
        return SYS_PARSE_ERR_BAD_NUMBER;
    g->a = (uint32_t)base;
    g->b = (uint32_t)count;
    return SYS_PARSE_OK;
}

static sys_parse_err_t parse_export(const char *arg, size_t len, sys_grant_t *g) {
    size_t dot = find(arg, len, '.');
    if (dot == len || !sys_service_name_valid(arg, dot) ||
        !sys_export_name_valid(arg + dot + 1, len - dot - 1))
        return SYS_PARSE_ERR_BAD_SOURCE;
    sys_copy_name(g->target, sizeof g->target, arg, dot);
    sys_copy_name(g->export_name, sizeof g->export_name, arg + dot + 1, len - dot - 1);
    return SYS_PARSE_OK;
}

/* One hexadecimal PCI id: exactly four digits, either case. */
static bool pci_id_parse(const char *s, size_t len, uint32_t *out) {
    uint32_t v = 0;
    if (len != 4)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
                     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return false;
        v = v << 4 | d;
    }
    *out = v;
    return true;
}

/* "VVVV:DDDD": vendor into g->a, device into g->b. */
static sys_parse_err_t parse_pci(const char *arg, size_t len, sys_grant_t *g) {
    size_t colon = find(arg, len, ':');
    uint32_t vendor = 0, device = 0;
    if (colon == len || !pci_id_parse(arg, colon, &vendor) ||
        !pci_id_parse(arg + colon + 1, len - colon - 1, &device))
        return SYS_PARSE_ERR_BAD_SOURCE;
    if (vendor > SYS_PCI_ID_MAX)
        return SYS_PARSE_ERR_BAD_NUMBER;
    g->a = vendor;
    g->b = device;
    return SYS_PARSE_OK;
}

/* A numeric argument in min..max into g->a. */
static sys_parse_err_t parse_count(const char *arg, size_t len, uint64_t min, uint64_t max,
                                   sys_grant_t *g) {
    uint64_t v = 0;
    if (!sys_number_parse(arg, len, max, &v) || v < min)
        return SYS_PARSE_ERR_BAD_NUMBER;
    g->a = (uint32_t)v;
    return SYS_PARSE_OK;
}

/* A name argument: a root cap or a boot-package entry. */
static sys_parse_err_t parse_target(const char *arg, size_t len, bool valid, sys_grant_t *g) {
    if (!valid)
        return SYS_PARSE_ERR_BAD_SOURCE;
    sys_copy_name(g->target, sizeof g->target, arg, len);
    return SYS_PARSE_OK;
}

/* The source before any '/': "shutdown", "status" or KIND:ARG. */
static sys_parse_err_t parse_head(const char *s, size_t len, sys_grant_t *g) {
    size_t colon = find(s, len, ':');
    const char *arg = s + colon + 1;
    size_t arg_len = colon < len ? len - colon - 1 : 0;
    if (word_is(s, len, "shutdown")) {
        g->kind = SYS_SRC_SHUTDOWN;
        return SYS_PARSE_OK;
    }
    if (word_is(s, len, "status")) {
        g->kind = SYS_SRC_STATUS;
        return SYS_PARSE_OK;
    }
    if (colon == len)
        return SYS_PARSE_ERR_BAD_SOURCE;
    if (word_is(s, colon, "root")) {
        g->kind = SYS_SRC_ROOT;
        return parse_target(arg, arg_len, sys_capname_valid(arg, arg_len), g);
    }
    if (word_is(s, colon, "file")) {
        g->kind = SYS_SRC_FILE;
        return parse_target(arg, arg_len, sys_entry_name_valid(arg, arg_len), g);
    }
    if (word_is(s, colon, "ioports")) {
        g->kind = SYS_SRC_IOPORTS;
        return parse_ioports(arg, arg_len, g);
    }
    if (word_is(s, colon, "irq")) {
        g->kind = SYS_SRC_IRQ;
        return parse_count(arg, arg_len, 0, SYS_IRQ_LINE_MAX, g);
    }
    if (word_is(s, colon, "memory")) {
        g->kind = SYS_SRC_MEMORY;
        return parse_count(arg, arg_len, 1, SYS_MEMORY_PAGES_MAX, g);
    }
    if (word_is(s, colon, "pci")) {
        g->kind = SYS_SRC_PCI;
        return parse_pci(arg, arg_len, g);
    }
    if (!word_is(s, colon, "export"))
        return SYS_PARSE_ERR_BAD_SOURCE;
    g->kind = SYS_SRC_EXPORT;
    return parse_export(arg, arg_len, g);
}

/* One '/' part: a badge (digits, exports only), a scope or a rights list;
 * each kind of modifier at most once. */
static sys_parse_err_t parse_modifier(const char *s, size_t len, sys_grant_t *g) {
    static const char *const scopes[] = {"same", "regrant", "cross"};
    uint64_t badge = 0;
    if (len > 0 && s[0] >= '0' && s[0] <= '9') {
        if (g->kind != SYS_SRC_EXPORT || g->has_badge ||
            !sys_number_parse(s, len, UINT64_MAX, &badge) || badge == 0)
            return SYS_PARSE_ERR_BAD_MODIFIER;
        g->badge = badge;
        g->has_badge = 1;
        return SYS_PARSE_OK;
    }
    for (uint8_t i = 0; i < 3; i++) {
        if (!word_is(s, len, scopes[i]))
            continue;
        if (g->scope != SYS_SCOPE_DEFAULT)
            return SYS_PARSE_ERR_BAD_MODIFIER;
        g->scope = i; /* CAP_SCOPE_SAME_SESSION .. CAP_SCOPE_CROSS_SESSION_SHAREABLE */
        return SYS_PARSE_OK;
    }
    uint32_t rights = 0;
    if (g->rights != 0 || !sys_rights_parse(s, len, &rights))
        return SYS_PARSE_ERR_BAD_MODIFIER;
    g->rights = rights;
    return SYS_PARSE_OK;
}

sys_parse_err_t sys_grant_parse(const char *s, size_t len, sys_grant_t *g) {
    __builtin_memset(g, 0, sizeof *g);
    g->scope = SYS_SCOPE_DEFAULT;
    size_t eq = find(s, len, '=');
    if (eq == len || !sys_capname_valid(s, eq))
        return SYS_PARSE_ERR_BAD_GRANT;
    sys_copy_name(g->name, sizeof g->name, s, eq);
    const char *src = s + eq + 1;
    size_t src_len = len - eq - 1;
    size_t slash = find(src, src_len, '/');
    sys_parse_err_t err = parse_head(src, slash, g);
    while (err == SYS_PARSE_OK && slash < src_len) {
        const char *mod = src + slash + 1;
        size_t rest = src_len - slash - 1;
        size_t next = find(mod, rest, '/');
        err = parse_modifier(mod, next, g);
        slash += next + 1;
    }
    return err;
}
