/* The setup-token table (see token_table.h). */
#include "token_table.h"

#include "capos/secure_zero.h"

void token_table_init(token_table_t *t, token_equal_fn equal) {
    secure_zero(t, sizeof(*t));
    t->next_record = 1;
    t->equal = equal;
}

static void scrub(token_record_t *r) {
    secure_zero(r, sizeof(*r)); /* live = false */
}

void token_table_expire(token_table_t *t, uint64_t now_ms) {
    for (unsigned i = 0; i < TOKEN_SLOTS; i++)
        if (t->slot[i].live && t->slot[i].expiry_ms <= now_ms)
            scrub(&t->slot[i]);
}

static token_record_t *free_slot(token_table_t *t) {
    for (unsigned i = 0; i < TOKEN_SLOTS; i++)
        if (!t->slot[i].live)
            return &t->slot[i];
    return NULL;
}

token_err_t token_table_issue(token_table_t *t, uint32_t purpose, const char *account,
                              size_t account_len, const uint8_t secret[TOKEN_SECRET_BYTES],
                              uint64_t now_ms, uint32_t ttl_ms, uint64_t *record) {
    if (ttl_ms == 0 || ttl_ms > TOKEN_TTL_MAX_MS || !cred_account_valid(account, account_len))
        return TOKEN_BAD_ARGS;
    token_table_expire(t, now_ms);
    token_record_t *r = free_slot(t);
    if (!r)
        return TOKEN_FULL;
    r->live = true;
    r->purpose = purpose;
    r->record = t->next_record++;
    r->created_ms = now_ms;
    r->expiry_ms = now_ms + ttl_ms;
    r->account_len = (uint32_t)account_len;
    __builtin_memcpy(r->account, account, account_len);
    __builtin_memcpy(r->secret, secret, TOKEN_SECRET_BYTES);
    *record = r->record;
    return TOKEN_OK;
}

static token_record_t *find_live(token_table_t *t, uint64_t record) {
    for (unsigned i = 0; i < TOKEN_SLOTS; i++)
        if (t->slot[i].live && t->slot[i].record == record)
            return &t->slot[i];
    return NULL;
}

/* The verdict on a live record; compares the secret even when another check
 * already failed, so the time does not tell which one did. */
static token_err_t judge(const token_table_t *t, const token_record_t *r, uint32_t purpose,
                         const uint8_t *secret, size_t secret_len, uint64_t now_ms) {
    uint8_t presented[TOKEN_SECRET_BYTES] = {0};
    bool len_ok = secret_len == TOKEN_SECRET_BYTES;
    if (len_ok)
        __builtin_memcpy(presented, secret, TOKEN_SECRET_BYTES);
    bool same = t->equal(r->secret, presented, TOKEN_SECRET_BYTES);
    secure_zero(presented, sizeof(presented));
    if (now_ms >= r->expiry_ms)
        return TOKEN_EXPIRED;
    return same && len_ok && r->purpose == purpose ? TOKEN_OK : TOKEN_MISMATCH;
}

token_err_t token_table_redeem(token_table_t *t, uint64_t record, uint32_t purpose,
                               const uint8_t *secret, size_t secret_len, uint64_t now_ms,
                               char account[CRED_ACCOUNT_MAX], uint32_t *account_len) {
    token_record_t *r = find_live(t, record);
    if (!r)
        return TOKEN_UNKNOWN;
    token_err_t e = judge(t, r, purpose, secret, secret_len, now_ms);
    if (e == TOKEN_OK) {
        __builtin_memcpy(account, r->account, r->account_len);
        *account_len = r->account_len;
    }
    scrub(r);
    return e;
}

unsigned token_table_live(const token_table_t *t) {
    unsigned n = 0;
    for (unsigned i = 0; i < TOKEN_SLOTS; i++)
        n += t->slot[i].live;
    return n;
}
