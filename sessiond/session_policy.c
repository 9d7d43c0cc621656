/* SessionManager policy (session_policy.h). */
#include "session_policy.h"
#include "capos/idl/session_manager.h"

#include <string.h>

cap_err_t sessiond_facet_check(uint64_t badge, uint32_t method) {
    uint64_t need;
    switch (method) {
    case SESSION_MANAGER_LOGIN:
    case SESSION_MANAGER_LOGOUT:
    case SESSION_MANAGER_SETUP_STATE:
        need = SESSIOND_FACET_LOGIN;
        break;
    case SESSION_MANAGER_SETUP:
        need = SESSIOND_FACET_SETUP;
        break;
    case SESSION_MANAGER_GUEST:
        need = SESSIOND_FACET_GUEST;
        break;
    case SESSION_MANAGER_LOGIN_KEY:
        need = SESSIOND_FACET_KEY;
        break;
    default:
        return CAP_ERR_BAD_METHOD;
    }
    return (badge & need) ? CAP_OK : CAP_ERR_NO_RIGHTS;
}

bool sessiond_account_valid(const char *account, size_t len) {
    if (len == 0 || len > SESSIOND_ACCOUNT_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = account[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

uint32_t sessiond_key_authorized(const system_t *sys, const char *account, size_t account_len,
                                 const uint8_t *key, size_t key_len) {
    if (!sessiond_account_valid(account, account_len))
        return 0;
    int i = sys_authorized_key_find(sys->authorized_keys, sys->nauthorized_keys, account,
                                    account_len, key, key_len);
    return i < 0 ? 0 : (uint32_t)i + 1u;
}

cap_err_t sessiond_cred_status(uint32_t result) {
    switch (result) {
    case SESSIOND_CRED_SUCCESS:
        return CAP_OK;
    case SESSIOND_CRED_DENIED:
        return CAP_ERR_DENIED;
    default:
        return CAP_ERR_UNAVAILABLE;
    }
}

int sessiond_profile_index(const system_t *sys, const char *name) {
    for (uint32_t i = 0; i < sys->nprofiles && i < SYS_MAX_PROFILES; i++)
        if (!strcmp(sys->profiles[i].name, name))
            return (int)i;
    return -1;
}

uint64_t sessiond_ttl_ns(const sys_profile_t *p) {
    return (uint64_t)p->ttl_s * 1000000000ull;
}

void sessiond_table_init(sessiond_table_t *t) {
    for (uint32_t i = 0; i < SESSIOND_MAX_SESSIONS; i++)
        t->e[i] = (sessiond_entry_t){0};
}

int sessiond_table_free_slot(const sessiond_table_t *t) {
    for (uint32_t i = 0; i < SESSIOND_MAX_SESSIONS; i++)
        if (!t->e[i].used)
            return (int)i;
    return -1;
}

int sessiond_table_find(const sessiond_table_t *t, uint64_t serial) {
    for (uint32_t i = 0; i < SESSIOND_MAX_SESSIONS; i++)
        if (t->e[i].used && t->e[i].serial == serial)
            return (int)i;
    return -1;
}

uint32_t sessiond_table_sweep(sessiond_table_t *t, bool (*is_stale)(void *ctx, cap_t hold),
                              void (*drop)(void *ctx, const sessiond_entry_t *e), void *ctx) {
    uint32_t freed = 0;
    for (uint32_t i = 0; i < SESSIOND_MAX_SESSIONS; i++) {
        if (!t->e[i].used || !is_stale(ctx, t->e[i].hold))
            continue;
        drop(ctx, &t->e[i]);
        t->e[i] = (sessiond_entry_t){0};
        freed++;
    }
    return freed;
}
