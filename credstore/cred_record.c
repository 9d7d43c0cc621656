/* Verifier records (see cred_record.h). */
#include "cred_record.h"

static bool account_char_ok(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool cred_account_valid(const char *s, size_t len) {
    if (len == 0 || len > CRED_ACCOUNT_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!account_char_ok(s[i]))
            return false;
    return true;
}

phc_err_t cred_record_make(cred_record_t *r, const char *account, size_t account_len,
                           uint64_t principal_id, uint64_t credential_id, uint64_t created_ms,
                           const char *encoded, size_t encoded_len) {
    if (!cred_account_valid(account, account_len) || principal_id == 0 || credential_id == 0)
        return PHC_ERR_SYNTAX;
    phc_argon2id_t v;
    phc_err_t e = phc_parse_argon2id(encoded, encoded_len, &v);
    if (e != PHC_OK)
        return e;
    *r = (cred_record_t){
        .account_len = (uint32_t)account_len,
        .principal_id = principal_id,
        .credential_id = credential_id,
        .created_ms = created_ms,
        .verifier = v,
    };
    __builtin_memcpy(r->account, account, account_len);
    __builtin_memcpy(r->encoded, encoded, encoded_len);
    return PHC_OK;
}
