/* Syntax of one password-verifier record (verifier_line.h). */
#include <stdbool.h>

#include "capos/verifier_line.h"

#define FIELDS 7u

typedef struct {
    const char *p;
    size_t len;
    size_t off;
} field_t;

/* Splits on runs of spaces/tabs; returns the field count, saturating at
 * FIELDS + 1 (meaning "too many"). */
static unsigned split(const char *s, size_t len, field_t f[FIELDS + 1]) {
    unsigned n = 0;
    size_t i = 0;
    while (n <= FIELDS) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && s[i] != ' ' && s[i] != '\t')
            i++;
        f[n++] = (field_t){s + start, i - start, start};
    }
    return n;
}

static bool is(const field_t *f, const char *word, size_t word_len) {
    return f->len == word_len && __builtin_memcmp(f->p, word, word_len) == 0;
}

/* Decimal digits only, no sign or leading zero, at most 2^64-1. */
static bool parse_u64(const char *s, size_t len, uint64_t *out) {
    uint64_t v = 0;
    if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10u)
            return false;
        v = v * 10u + d;
    }
    *out = v;
    return true;
}

static bool account_ok(const field_t *f) {
    if (f->len == 0 || f->len > VERIFIER_ACCOUNT_MAX)
        return false;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* The 6-bit value of a standard base64 character, or -1. */
static int b64_value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Unpadded, canonical standard base64 of min..max bytes: the unused low
 * bits of the last character are zero. */
static bool base64_ok(const char *s, size_t len, size_t min, size_t max) {
    static const int unused_mask[4] = {0, 0, 0x0f, 0x03};
    if (len % 4u == 1u)
        return false;
    size_t bytes = len / 4u * 3u + (len % 4u ? len % 4u - 1u : 0u);
    if (bytes < min || bytes > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if (b64_value(s[i]) < 0)
            return false;
    return (b64_value(s[len - 1]) & unused_mask[len % 4u]) == 0;
}

/* Consumes the literal word at *pos. */
static bool take(const char *s, size_t len, size_t *pos, const char *word) {
    size_t i = 0;
    for (; word[i]; i++)
        if (*pos + i >= len || s[*pos + i] != word[i])
            return false;
    *pos += i;
    return true;
}

/* Consumes decimal digits at *pos into a value in 1..99999. */
static bool take_num(const char *s, size_t len, size_t *pos, uint32_t *out) {
    size_t start = *pos;
    while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9' && *pos - start < 10)
        (*pos)++; /* parse_u64 refuses leading zeros */
    uint64_t v = 0;
    if (!parse_u64(s + start, *pos - start, &v) || v == 0 || v > 99999u)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Finds the next '$' at or after from; len if none. */
static size_t next_dollar(const char *s, size_t len, size_t from) {
    while (from < len && s[from] != '$')
        from++;
    return from;
}

static verifier_err_t parse_phc(const field_t *f, verifier_line_t *v) {
    const char *s = f->p;
    size_t len = f->len, pos = 0;
    bool form = len <= VERIFIER_PHC_MAX && take(s, len, &pos, "$argon2id$v=19$m=") &&
                take_num(s, len, &pos, &v->m_kib) && take(s, len, &pos, ",t=") &&
                take_num(s, len, &pos, &v->t_cost) && take(s, len, &pos, ",p=") &&
                take_num(s, len, &pos, &v->lanes) && take(s, len, &pos, "$");
    if (!form)
        return VERIFIER_ERR_PHC_FORM;
    size_t salt_end = next_dollar(s, len, pos);
    if (salt_end == len || next_dollar(s, len, salt_end + 1) != len)
        return VERIFIER_ERR_PHC_FORM;
    if (v->m_kib < 8u || v->m_kib > VERIFIER_M_MAX_KIB || v->m_kib < 8u * v->lanes ||
        v->t_cost > VERIFIER_T_MAX || v->lanes > VERIFIER_P_MAX)
        return VERIFIER_ERR_PHC_PARAMS;
    if (!base64_ok(s + pos, salt_end - pos, VERIFIER_SALT_MIN, VERIFIER_SALT_MAX))
        return VERIFIER_ERR_PHC_SALT;
    if (!base64_ok(s + salt_end + 1, len - salt_end - 1, VERIFIER_HASH_MIN, VERIFIER_HASH_MAX))
        return VERIFIER_ERR_PHC_HASH;
    v->phc_off = (uint32_t)f->off;
    v->phc_len = (uint32_t)len;
    v->salt_off = (uint32_t)(f->off + pos);
    v->salt_len = (uint32_t)(salt_end - pos);
    v->hash_off = (uint32_t)(f->off + salt_end + 1);
    v->hash_len = (uint32_t)(len - salt_end - 1);
    return VERIFIER_OK;
}

verifier_err_t verifier_line_parse(const char *line, size_t len, verifier_line_t *out) {
    field_t f[FIELDS + 1];
    verifier_line_t v;
    __builtin_memset(&v, 0, sizeof v);
    if (len > UINT32_MAX || split(line, len, f) != FIELDS || !is(&f[0], "verifier", 8) ||
        !is(&f[1], "v1", 2))
        return VERIFIER_ERR_FIELDS;
    if (!account_ok(&f[2]))
        return VERIFIER_ERR_ACCOUNT;
    __builtin_memcpy(v.account, f[2].p, f[2].len);
    if (!parse_u64(f[3].p, f[3].len, &v.principal_id) || v.principal_id == 0 ||
        !parse_u64(f[4].p, f[4].len, &v.credential_id) || v.credential_id == 0 ||
        v.credential_id >> 63 || !parse_u64(f[5].p, f[5].len, &v.created_ms))
        return VERIFIER_ERR_NUMBER;
    verifier_err_t e = parse_phc(&f[6], &v);
    if (e == VERIFIER_OK)
        *out = v;
    return e;
}

const char *verifier_strerror(verifier_err_t err) {
    switch (err) {
    case VERIFIER_OK:
        return "ok";
    case VERIFIER_ERR_FIELDS:
        return "expected 'verifier v1 ACCOUNT PRINCIPAL_ID CREDENTIAL_ID CREATED_MS PHC'";
    case VERIFIER_ERR_ACCOUNT:
        return "invalid account name (1..31 of a-z 0-9 _ -)";
    case VERIFIER_ERR_NUMBER:
        return "invalid principal id, credential id or creation time";
    case VERIFIER_ERR_PHC_FORM:
        return "verifier is not an argon2id v=19 PHC string";
    case VERIFIER_ERR_PHC_PARAMS:
        return "argon2id parameters out of range";
    case VERIFIER_ERR_PHC_SALT:
        return "argon2id salt malformed";
    case VERIFIER_ERR_PHC_HASH:
        return "argon2id hash malformed";
    }
    return "unknown verifier error";
}
