/* Bundle policy (see bundle_policy.h). */
#include "bundle_policy.h"

static const char *const facet_names[FACET__END] = {
    [FACET_LAUNCHER] = "launcher", [FACET_SHUTDOWN] = "shutdown", [FACET_STATUS] = "status",
    [FACET_LOGS] = "logs",         [FACET_SELF] = "self",
};

/* Length of the string in a field of max bytes (NUL-padded by lib/system;
 * bounded anyway). */
static uint32_t field_len(const char *s, uint32_t max) {
    uint32_t n = 0;
    while (n < max && s[n] != '\0')
        n++;
    return n;
}

/* s (len bytes) equals the word (word_len bytes) exactly. */
static bool same_name(const char *s, uint32_t len, const char *word, uint32_t word_len) {
    return len == word_len && (len == 0 || __builtin_memcmp(s, word, len) == 0);
}

static bool named(const sys_profile_t *p, const char *word) {
    return same_name(p->name, field_len(p->name, sizeof p->name), word,
                     field_len(word, SYS_NAME_MAX));
}

bool bundle_policy_anonymous_may(facet_kind_t kind) {
    return kind == FACET_STATUS || kind == FACET_SELF;
}

bool bundle_policy_is_anonymous(const sys_profile_t *p) {
    return p == NULL || named(p, BROKER_PROFILE_ANONYMOUS);
}

bool bundle_policy_allows(const sys_profile_t *p, const broker_held_t *held, facet_kind_t kind) {
    if (!facet_kind_valid(kind))
        return false;
    if (kind == FACET_SELF)
        return true;
    if (p == NULL || (bundle_policy_is_anonymous(p) && !bundle_policy_anonymous_may(kind)))
        return false;
    switch (kind) {
    case FACET_LAUNCHER:
        return p->nlauncher > 0; /* the spawner is required, so always held */
    case FACET_SHUTDOWN:
        return p->shutdown && held->shutdown;
    case FACET_STATUS:
        return p->status && held->status;
    case FACET_LOGS:
        return p->logs != SYS_LOGS_NONE && held->logs;
    default:
        return false;
    }
}

uint32_t bundle_policy_facets(const sys_profile_t *p, const broker_held_t *held,
                              facet_kind_t out[FACET_BUNDLE_MAX]) {
    uint32_t n = 0;
    for (uint32_t k = FACET_LAUNCHER; k < FACET__END; k++)
        if (bundle_policy_allows(p, held, (facet_kind_t)k))
            out[n++] = (facet_kind_t)k;
    return n;
}

const char *bundle_policy_facet_name(facet_kind_t kind) {
    return facet_kind_valid(kind) ? facet_names[kind] : "";
}

bool bundle_policy_names(const facet_kind_t *kinds, uint32_t n, uint8_t *out, uint32_t cap,
                         uint32_t *len) {
    uint32_t used = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = bundle_policy_facet_name(kinds[i]);
        uint32_t k = field_len(name, CAPSET_NAME_MAX);
        if (k == 0 || k + 1 > cap - used)
            return false;
        __builtin_memcpy(out + used, name, k + 1);
        used += k + 1;
    }
    *len = used;
    return true;
}

bool bundle_policy_binary_allowed(const sys_profile_t *p, const char *binary, uint32_t len) {
    if (bundle_policy_is_anonymous(p) || len == 0)
        return false;
    uint32_t count = p->nlauncher < SYS_MAX_LAUNCHER ? p->nlauncher : SYS_MAX_LAUNCHER;
    for (uint32_t i = 0; i < count; i++)
        if (same_name(binary, len, p->launcher[i], field_len(p->launcher[i], SYS_ENTRY_MAX + 1)))
            return true;
    return false;
}

uint32_t bundle_policy_logs_scope(const sys_profile_t *p) {
    return bundle_policy_is_anonymous(p) ? SYS_LOGS_NONE : p->logs;
}

uint32_t bundle_policy_principal_class(const sys_profile_t *p) {
    if (bundle_policy_is_anonymous(p))
        return PRINCIPAL_ANONYMOUS;
    return named(p, BROKER_PROFILE_GUEST) ? PRINCIPAL_GUEST : PRINCIPAL_OPERATOR;
}

int32_t bundle_policy_find_profile(const system_t *sys, const char *name, uint32_t len) {
    uint32_t count = sys->nprofiles < SYS_MAX_PROFILES ? sys->nprofiles : SYS_MAX_PROFILES;
    if (len == 0 || len > SYS_NAME_MAX)
        return -1;
    for (uint32_t i = 0; i < count; i++)
        if (same_name(name, len, sys->profiles[i].name,
                      field_len(sys->profiles[i].name, SYS_NAME_MAX + 1)))
            return (int32_t)i;
    return -1;
}
