/* argon2id hashing and verification through libargon2 (see phc.h). */
#include <stdio.h>
#include <string.h>

#include <argon2.h>

#include "phc.h"

int phc_hash(const phc_params_t *p, const uint8_t *pw, size_t pw_len,
             const uint8_t salt[PHC_SALT_BYTES], char *out, size_t out_cap) {
    size_t need = argon2_encodedlen(p->t_cost, p->m_cost_kib, p->lanes, PHC_SALT_BYTES,
                                    PHC_HASH_BYTES, Argon2_id);
    if (need > out_cap) {
        fprintf(stderr, "phc: encoded string would need %zu bytes\n", need);
        return -1;
    }
    int rc = argon2id_hash_encoded(p->t_cost, p->m_cost_kib, p->lanes, pw, pw_len, salt,
                                   PHC_SALT_BYTES, PHC_HASH_BYTES, out, out_cap);
    if (rc != ARGON2_OK) {
        fprintf(stderr, "phc: %s\n", argon2_error_message(rc));
        return -1;
    }
    return 0;
}

phc_result_t phc_verify(const char *encoded, const uint8_t *pw, size_t pw_len) {
    int rc = argon2id_verify(encoded, pw, pw_len);
    if (rc == ARGON2_OK)
        return PHC_MATCH;
    if (rc == ARGON2_VERIFY_MISMATCH)
        return PHC_MISMATCH;
    fprintf(stderr, "phc: %s\n", argon2_error_message(rc));
    return PHC_ERROR;
}

size_t phc_line_length(const uint8_t *buf, size_t len) {
    const uint8_t *nl = memchr(buf, '\n', len);
    size_t n = nl ? (size_t)(nl - buf) : len;
    if (nl && n > 0 && buf[n - 1] == '\r')
        n--;
    return n;
}
