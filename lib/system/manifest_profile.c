/* Profile attributes: launcher=, shutdown=, status=, logs=, ttl= (README.md).
 * Anything unknown or repeated is an error; absent keys keep the narrowest
 * value (no launcher entries, no shutdown, no status, no logs, no ttl). */
#include "manifest_internal.h"

enum { KEY_LAUNCHER, KEY_SHUTDOWN, KEY_STATUS, KEY_LOGS, KEY_TTL, KEY__COUNT };

static const char *const key_names[KEY__COUNT] = {"launcher", "shutdown", "status", "logs", "ttl"};

static bool is(const char *s, size_t len, const char *word) {
    return sys_name_is(word, s, len);
}

/* "yes" or "no" into *out. */
static bool parse_flag(const char *v, size_t len, uint8_t *out) {
    if (is(v, len, "yes") || is(v, len, "no")) {
        *out = v[0] == 'y';
        return true;
    }
    return false;
}

static bool parse_logs(const char *v, size_t len, uint8_t *out) {
    static const char *const names[] = {"none", "session", "all"};
    for (uint8_t i = 0; i < 3; i++) {
        if (is(v, len, names[i])) {
            *out = i; /* sys_logs_t */
            return true;
        }
    }
    return false;
}

/* Comma-separated boot-package entries; empty means none. */
static sys_parse_err_t parse_launcher(const char *v, size_t len, sys_profile_t *p) {
    size_t start = 0;
    for (size_t i = 0; len > 0 && i <= len; i++) {
        if (i < len && v[i] != ',')
            continue;
        if (!sys_entry_name_valid(v + start, i - start))
            return SYS_PARSE_ERR_BAD_PROFILE_ATTR;
        if (p->nlauncher == SYS_MAX_LAUNCHER)
            return SYS_PARSE_ERR_TOO_MANY;
        sys_copy_name(p->launcher[p->nlauncher++], SYS_ENTRY_MAX + 1, v + start, i - start);
        start = i + 1;
    }
    return SYS_PARSE_OK;
}

static sys_parse_err_t parse_value(int key, const char *v, size_t len, sys_profile_t *p) {
    uint64_t ttl = 0;
    bool ok = false;
    switch (key) {
    case KEY_LAUNCHER:
        return parse_launcher(v, len, p);
    case KEY_SHUTDOWN:
        ok = parse_flag(v, len, &p->shutdown);
        break;
    case KEY_STATUS:
        ok = parse_flag(v, len, &p->status);
        break;
    case KEY_LOGS:
        ok = parse_logs(v, len, &p->logs);
        break;
    case KEY_TTL:
        ok = sys_number_parse(v, len, SYS_TTL_MAX_S, &ttl);
        p->ttl_s = (uint32_t)ttl;
        break;
    }
    return ok ? SYS_PARSE_OK : SYS_PARSE_ERR_BAD_PROFILE_ATTR;
}

sys_parse_err_t sys_profile_attr_parse(const char *s, size_t len, sys_profile_t *p,
                                       uint32_t *seen) {
    size_t eq = 0;
    while (eq < len && s[eq] != '=')
        eq++;
    for (int key = 0; eq < len && key < KEY__COUNT; key++) {
        if (!is(s, eq, key_names[key]))
            continue;
        if (*seen & (1u << key))
            return SYS_PARSE_ERR_BAD_PROFILE_ATTR;
        *seen |= 1u << key;
        return parse_value(key, s + eq + 1, len - eq - 1, p);
    }
    return SYS_PARSE_ERR_BAD_PROFILE_ATTR;
}
