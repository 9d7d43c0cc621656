/* The PHC argon2id string parser (see phc_parse.h). */
#include "phc_parse.h"

#include <stdbool.h>

typedef struct {
    const char *p;
    const char *end;
} cursor_t;

static bool take_literal(cursor_t *c, const char *lit) {
    size_t n = __builtin_strlen(lit);
    if ((size_t)(c->end - c->p) < n || __builtin_memcmp(c->p, lit, n) != 0)
        return false;
    c->p += n;
    return true;
}

/* Decimal without sign or leading zero, at most max; stops before the value
 * can overflow. */
static bool take_decimal(cursor_t *c, uint32_t max, uint32_t *out) {
    const char *start = c->p;
    uint64_t v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        v = v * 10u + (uint64_t)(*c->p - '0');
        if (v > max)
            return false;
        c->p++;
    }
    size_t digits = (size_t)(c->p - start);
    if (digits == 0 || (digits > 1 && *start == '0'))
        return false;
    *out = (uint32_t)v;
    return true;
}

static int b64_value(char ch) {
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Decodes unpadded canonical base64 up to the next '$' (or the end) into out
 * (at most cap bytes); false on a bad character, a length that is 1 mod 4,
 * non-zero unused bits, or more than cap bytes. */
static bool take_b64(cursor_t *c, uint8_t *out, uint32_t cap, uint32_t *out_len) {
    uint32_t acc = 0, bits = 0, n = 0;
    const char *start = c->p;
    for (; c->p < c->end && *c->p != '$'; c->p++) {
        int v = b64_value(*c->p);
        if (v < 0)
            return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == cap)
                return false;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    if ((c->p - start) % 4 == 1 || (acc & ((1u << bits) - 1u)) != 0)
        return false;
    *out_len = n;
    return true;
}

static phc_err_t take_params(cursor_t *c, phc_argon2id_t *r) {
    if (!take_literal(c, "$m=") || !take_decimal(c, PHC_M_MAX_KIB, &r->m_kib) ||
        !take_literal(c, ",t=") || !take_decimal(c, PHC_T_MAX, &r->t_cost) ||
        !take_literal(c, ",p=") || !take_decimal(c, PHC_P_MAX, &r->lanes))
        return PHC_ERR_PARAMS;
    if (r->m_kib < PHC_M_MIN_KIB || r->t_cost < 1 || r->lanes < 1 || r->m_kib < 8u * r->lanes)
        return PHC_ERR_PARAMS;
    return PHC_OK;
}

static phc_err_t take_salt_hash(cursor_t *c, phc_argon2id_t *r) {
    if (!take_literal(c, "$"))
        return PHC_ERR_SYNTAX;
    if (!take_b64(c, r->salt, PHC_SALT_MAX, &r->salt_len) || r->salt_len < PHC_SALT_MIN)
        return PHC_ERR_SALT;
    if (!take_literal(c, "$"))
        return PHC_ERR_SYNTAX;
    if (!take_b64(c, r->hash, PHC_HASH_MAX, &r->hash_len) || r->hash_len < PHC_HASH_MIN)
        return PHC_ERR_HASH;
    return c->p == c->end ? PHC_OK : PHC_ERR_SYNTAX;
}

phc_err_t phc_parse_argon2id(const char *s, size_t len, phc_argon2id_t *out) {
    if (len > PHC_STRING_MAX)
        return PHC_ERR_TOO_LONG;
    cursor_t c = {s, s + len};
    phc_argon2id_t r = {0};
    if (!take_literal(&c, "$"))
        return PHC_ERR_SYNTAX;
    if (!take_literal(&c, "argon2id$"))
        return PHC_ERR_ALGORITHM;
    if (!take_literal(&c, "v=") || !take_decimal(&c, 0xffffu, &r.version) ||
        r.version != PHC_VERSION)
        return PHC_ERR_VERSION;
    phc_err_t e = take_params(&c, &r);
    if (e == PHC_OK)
        e = take_salt_hash(&c, &r);
    if (e == PHC_OK)
        *out = r;
    return e;
}

const char *phc_strerror(phc_err_t err) {
    switch (err) {
    case PHC_OK:
        return "ok";
    case PHC_ERR_TOO_LONG:
        return "verifier string too long";
    case PHC_ERR_SYNTAX:
        return "malformed verifier string";
    case PHC_ERR_ALGORITHM:
        return "algorithm is not argon2id";
    case PHC_ERR_VERSION:
        return "argon2 version is not 19";
    case PHC_ERR_PARAMS:
        return "argon2id parameters malformed or out of bounds";
    case PHC_ERR_SALT:
        return "salt malformed or of a bad length";
    case PHC_ERR_HASH:
        return "hash malformed or of a bad length";
    }
    return "unknown error";
}
