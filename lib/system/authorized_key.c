/* Authorized SSH public keys: the text record and the key blob rules
 * (authorized_key.h). */
#include "capos/authorized_key.h"

#define FIELDS 3u

static const struct {
    const char *name;
    const char *curve; /* ECDSA only */
    uint32_t point;    /* ECDSA: bytes of the uncompressed point */
} key_types[] = {
    [SYS_KEY_ED25519] = {"ssh-ed25519", NULL, 0},
    [SYS_KEY_ECDSA_P256] = {"ecdsa-sha2-nistp256", "nistp256", 65},
    [SYS_KEY_ECDSA_P384] = {"ecdsa-sha2-nistp384", "nistp384", 97},
    [SYS_KEY_ECDSA_P521] = {"ecdsa-sha2-nistp521", "nistp521", 133},
    [SYS_KEY_RSA] = {"ssh-rsa", NULL, 0},
};
#define NTYPES (sizeof key_types / sizeof key_types[0])
#define ED25519_KEY_LEN 32u

static size_t cstr_len(const char *s) {
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static bool bytes_are(const void *a, size_t alen, const char *word) {
    size_t n = cstr_len(word);
    return alen == n && __builtin_memcmp(a, word, n) == 0;
}

const char *sys_key_type_name(uint8_t type) {
    return type >= 1 && type < NTYPES ? key_types[type].name : NULL;
}

uint8_t sys_key_type_from_name(const char *s, size_t len) {
    for (uint8_t t = 1; t < NTYPES; t++)
        if (bytes_are(s, len, key_types[t].name))
            return t;
    return 0;
}

bool sys_account_valid(const char *s, size_t len) {
    if (len == 0 || len > SYS_ACCOUNT_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

int sys_authorized_key_find(const sys_authorized_key_t *keys, uint32_t n, const char *account,
                            size_t account_len, const uint8_t *blob, size_t blob_len) {
    if (account_len == 0 || account_len > SYS_ACCOUNT_MAX || blob_len == 0 ||
        blob_len > SYS_KEY_BLOB_MAX)
        return -1;
    for (uint32_t i = 0; i < n && i < SYS_MAX_AUTHORIZED_KEYS; i++) {
        const sys_authorized_key_t *k = &keys[i];
        if (k->account[account_len] == '\0' &&
            __builtin_memcmp(k->account, account, account_len) == 0 && k->blob_len == blob_len &&
            __builtin_memcmp(k->blob, blob, blob_len) == 0)
            return (int)i;
    }
    return -1;
}

/* ---- the key blob ---- */

typedef struct {
    const uint8_t *p;
    size_t len, pos;
} blob_reader_t;

/* The next SSH string (u32 big-endian length, bytes); false when it runs
 * past the end. */
static bool next_string(blob_reader_t *r, const uint8_t **s, size_t *n) {
    if (r->len - r->pos < 4)
        return false;
    const uint8_t *q = r->p + r->pos;
    uint32_t len = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
    if (len > r->len - r->pos - 4)
        return false;
    *s = q + 4;
    *n = len;
    r->pos += 4u + len;
    return true;
}

/* A positive, minimally encoded mpint; *bits gets its bit length. */
static bool positive_mpint(const uint8_t *p, size_t n, uint32_t *bits) {
    if (n == 0 || (p[0] & 0x80))
        return false; /* zero or negative */
    if (p[0] == 0) {
        if (n == 1 || !(p[1] & 0x80))
            return false; /* a leading zero that is not needed */
        p++;
        n--;
    }
    uint32_t top = 0;
    for (uint8_t b = p[0]; b; b >>= 1)
        top++;
    *bits = (uint32_t)(n - 1) * 8u + top;
    return true;
}

static authkey_err_t rsa_rest(blob_reader_t *r) {
    const uint8_t *e, *n;
    size_t elen, nlen;
    uint32_t ebits, nbits;
    if (!next_string(r, &e, &elen) || !next_string(r, &n, &nlen) ||
        !positive_mpint(e, elen, &ebits) || !positive_mpint(n, nlen, &nbits))
        return AUTHKEY_ERR_BLOB;
    return nbits >= SYS_KEY_RSA_MIN_BITS ? AUTHKEY_OK : AUTHKEY_ERR_RSA_SIZE;
}

static authkey_err_t ecdsa_rest(blob_reader_t *r, uint8_t type) {
    const uint8_t *curve, *point;
    size_t clen, plen;
    if (!next_string(r, &curve, &clen) || !bytes_are(curve, clen, key_types[type].curve) ||
        !next_string(r, &point, &plen) || plen != key_types[type].point || point[0] != 0x04)
        return AUTHKEY_ERR_BLOB;
    return AUTHKEY_OK;
}

authkey_err_t sys_key_blob_check(uint8_t type, const uint8_t *blob, size_t len) {
    blob_reader_t r = {blob, len, 0};
    const uint8_t *name, *key;
    size_t name_len, key_len;
    authkey_err_t err = AUTHKEY_OK;
    if (sys_key_type_name(type) == NULL)
        return AUTHKEY_ERR_TYPE;
    if (len > SYS_KEY_BLOB_MAX)
        return AUTHKEY_ERR_TOO_LONG;
    if (!next_string(&r, &name, &name_len) || !bytes_are(name, name_len, key_types[type].name))
        return AUTHKEY_ERR_BLOB_TYPE;
    if (type == SYS_KEY_ED25519)
        err = next_string(&r, &key, &key_len) && key_len == ED25519_KEY_LEN ? AUTHKEY_OK
                                                                            : AUTHKEY_ERR_BLOB;
    else if (type == SYS_KEY_RSA)
        err = rsa_rest(&r);
    else
        err = ecdsa_rest(&r, type);
    if (err == AUTHKEY_OK && r.pos != r.len)
        err = AUTHKEY_ERR_BLOB; /* something after the key */
    return err;
}

authkey_err_t sys_authorized_key_check(const sys_authorized_key_t *k) {
    size_t n = 0;
    while (n < sizeof k->account && k->account[n])
        n++;
    if (n == sizeof k->account || !sys_account_valid(k->account, n))
        return AUTHKEY_ERR_ACCOUNT;
    for (size_t i = n; i < sizeof k->account; i++)
        if (k->account[i] != '\0')
            return AUTHKEY_ERR_ACCOUNT;
    return sys_key_blob_check(k->type, k->blob, k->blob_len);
}

/* ---- the text record ---- */

typedef struct {
    const char *p;
    size_t len;
} field_t;

/* Splits on runs of spaces/tabs; the count saturates at FIELDS + 1. */
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
        f[n++] = (field_t){s + start, i - start};
    }
    return n;
}

static authkey_err_t parse_fields(const field_t f[FIELDS], sys_authorized_key_t *out,
                                  uint32_t *field) {
    uint8_t blob[SYS_BASE64_LEN(SYS_KEY_BLOB_MAX) / 4u * 3u];
    size_t blob_len = 0;
    *field = 1;
    if (!sys_account_valid(f[0].p, f[0].len))
        return AUTHKEY_ERR_ACCOUNT;
    __builtin_memcpy(out->account, f[0].p, f[0].len);
    *field = 2;
    if ((out->type = sys_key_type_from_name(f[1].p, f[1].len)) == 0)
        return AUTHKEY_ERR_TYPE;
    *field = 3;
    if (f[2].len > SYS_BASE64_LEN(SYS_KEY_BLOB_MAX))
        return AUTHKEY_ERR_TOO_LONG;
    if (!sys_base64_decode(f[2].p, f[2].len, blob, sizeof blob, &blob_len))
        return AUTHKEY_ERR_BASE64;
    if (blob_len > SYS_KEY_BLOB_MAX)
        return AUTHKEY_ERR_TOO_LONG;
    __builtin_memcpy(out->blob, blob, blob_len);
    out->blob_len = (uint16_t)blob_len;
    return sys_key_blob_check(out->type, out->blob, blob_len);
}

authkey_err_t sys_authorized_key_parse(const char *s, size_t len, sys_authorized_key_t *out,
                                       uint32_t *field) {
    field_t f[FIELDS + 1];
    uint32_t scratch;
    field = field ? field : &scratch;
    *field = 0;
    __builtin_memset(out, 0, sizeof *out);
    authkey_err_t err =
        split(s, len, f) == FIELDS ? parse_fields(f, out, field) : AUTHKEY_ERR_FIELDS;
    if (err != AUTHKEY_OK)
        __builtin_memset(out, 0, sizeof *out);
    return err;
}

const char *authkey_strerror(authkey_err_t err) {
    static const char *const text[AUTHKEY_ERR__COUNT] = {
        [AUTHKEY_OK] = "ok",
        [AUTHKEY_ERR_FIELDS] = "expected ACCOUNT TYPE BASE64",
        [AUTHKEY_ERR_ACCOUNT] = "invalid account (1..32 of a-z 0-9 . _ -, starting with a-z 0-9)",
        [AUTHKEY_ERR_TYPE] = "key type not accepted (ssh-ed25519, ecdsa-sha2-*, ssh-rsa)",
        [AUTHKEY_ERR_BASE64] = "key is not canonical padded base64",
        [AUTHKEY_ERR_TOO_LONG] = "key blob longer than 800 bytes",
        [AUTHKEY_ERR_BLOB_TYPE] = "key blob is not of the type named",
        [AUTHKEY_ERR_BLOB] = "malformed key blob",
        [AUTHKEY_ERR_RSA_SIZE] = "RSA key shorter than 2048 bits",
    };
    return (unsigned)err < AUTHKEY_ERR__COUNT ? text[err] : "unknown authorized_key error";
}
