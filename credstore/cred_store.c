/* Manifest records plus the bounded RAM overlay (see cred_store.h). */
#include "cred_store.h"

void cred_store_init(cred_store_t *s) {
    __builtin_memset(s, 0, sizeof(*s));
}

static bool same_account(const cred_record_t *r, const char *account, size_t len) {
    return r->account_len == len && __builtin_memcmp(r->account, account, len) == 0;
}

const cred_record_t *cred_store_find(const cred_store_t *s, const char *account, size_t len) {
    for (uint32_t i = 0; i < s->manifest_count; i++)
        if (same_account(&s->manifest[i], account, len))
            return &s->manifest[i];
    for (uint32_t i = 0; i < s->overlay_count; i++)
        if (same_account(&s->overlay[i], account, len))
            return &s->overlay[i];
    return NULL;
}

bool cred_store_overlay_full(const cred_store_t *s) {
    return s->overlay_count >= CRED_OVERLAY_MAX;
}

cred_store_err_t cred_store_add_volatile(cred_store_t *s, const char *account, size_t account_len,
                                         uint64_t principal_id, uint64_t created_ms,
                                         const char *encoded, size_t encoded_len,
                                         uint64_t *credential_id) {
    if (cred_store_find(s, account, account_len))
        return CRED_STORE_EXISTS;
    if (cred_store_overlay_full(s))
        return CRED_STORE_FULL;
    cred_record_t *r = &s->overlay[s->overlay_count];
    uint64_t id = CRED_OVERLAY_ID_BASE + s->overlay_count + 1u;
    if (cred_record_make(r, account, account_len, principal_id, id, created_ms, encoded,
                         encoded_len) != PHC_OK)
        return CRED_STORE_BAD_RECORD;
    r->is_volatile = true;
    s->overlay_count++;
    *credential_id = id;
    return CRED_STORE_OK;
}
