/* The credentials file parser (see cred_manifest.h). */
#include "cred_manifest.h"

#define FIELDS 7u /* verifier v1 account principal credential created phc */

typedef struct {
    const char *p;
    size_t len;
} field_t;

/* Length of the line at p (without '\n'), checking its bounds and bytes. */
static cred_manifest_err_t measure_line(const char *p, size_t avail, size_t *line_len) {
    size_t i = 0;
    for (; i < avail && p[i] != '\n'; i++) {
        if (p[i] == '\0')
            return CRED_MANIFEST_ERR_NUL;
        if (i == CRED_MANIFEST_LINE_MAX)
            return CRED_MANIFEST_ERR_LINE_TOO_LONG;
    }
    *line_len = i;
    return CRED_MANIFEST_OK;
}

/* Splits on runs of spaces into at most FIELDS + 1 fields (FIELDS + 1 means
 * "too many"); the count. */
static unsigned split(const char *line, size_t len, field_t f[FIELDS + 1]) {
    unsigned n = 0;
    size_t i = 0;
    while (n < FIELDS + 1) {
        while (i < len && line[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && line[i] != ' ')
            i++;
        f[n++] = (field_t){line + start, i - start};
    }
    return n;
}

static bool field_is(const field_t *f, const char *word) {
    size_t n = __builtin_strlen(word);
    return f->len == n && __builtin_memcmp(f->p, word, n) == 0;
}

/* Decimal u64 without sign; false on any other byte or overflow. */
static bool parse_u64(const field_t *f, uint64_t *out) {
    uint64_t v = 0;
    if (f->len == 0 || f->len > 20)
        return false;
    for (size_t i = 0; i < f->len; i++) {
        char c = f->p[i];
        uint64_t d = (uint64_t)(c - '0');
        if (c < '0' || c > '9' || v > (UINT64_MAX - d) / 10u)
            return false;
        v = v * 10u + d;
    }
    *out = v;
    return true;
}

static bool credential_taken(const cred_store_t *s, uint64_t id) {
    for (uint32_t i = 0; i < s->manifest_count; i++)
        if (s->manifest[i].credential_id == id)
            return true;
    return false;
}

static cred_manifest_err_t check_fields(const cred_store_t *s, const field_t *f, uint64_t num[3]) {
    if (!cred_account_valid(f[2].p, f[2].len))
        return CRED_MANIFEST_ERR_BAD_ACCOUNT;
    for (unsigned i = 0; i < 3; i++)
        if (!parse_u64(&f[3 + i], &num[i]))
            return CRED_MANIFEST_ERR_BAD_NUMBER;
    if (num[0] == 0 || num[1] == 0 || num[1] >= CRED_OVERLAY_ID_BASE)
        return CRED_MANIFEST_ERR_BAD_NUMBER;
    if (cred_store_find(s, f[2].p, f[2].len))
        return CRED_MANIFEST_ERR_DUPLICATE_ACCOUNT;
    if (credential_taken(s, num[1]))
        return CRED_MANIFEST_ERR_DUPLICATE_CREDENTIAL;
    return CRED_MANIFEST_OK;
}

static cred_manifest_err_t apply_line(cred_store_t *s, const char *line, size_t len,
                                      phc_err_t *phc) {
    field_t f[FIELDS + 1];
    unsigned n = split(line, len, f);
    if (n == 0 || f[0].p[0] == '#')
        return CRED_MANIFEST_OK;
    if (!field_is(&f[0], "verifier"))
        return CRED_MANIFEST_ERR_UNKNOWN_KIND;
    if (n < 2 || !field_is(&f[1], "v1"))
        return CRED_MANIFEST_ERR_UNKNOWN_VERSION;
    if (n != FIELDS)
        return CRED_MANIFEST_ERR_SYNTAX;
    uint64_t num[3];
    cred_manifest_err_t e = check_fields(s, f, num);
    if (e != CRED_MANIFEST_OK)
        return e;
    if (s->manifest_count == CRED_MANIFEST_MAX)
        return CRED_MANIFEST_ERR_TOO_MANY;
    *phc = cred_record_make(&s->manifest[s->manifest_count], f[2].p, f[2].len, num[0], num[1],
                            num[2], f[6].p, f[6].len);
    if (*phc != PHC_OK)
        return CRED_MANIFEST_ERR_BAD_VERIFIER;
    s->manifest_count++;
    return CRED_MANIFEST_OK;
}

cred_manifest_result_t cred_manifest_parse(const char *text, size_t len, cred_store_t *s) {
    cred_manifest_result_t r = {CRED_MANIFEST_OK, 0, PHC_OK};
    s->manifest_count = 0;
    if (len > CRED_MANIFEST_FILE_MAX) {
        r.err = CRED_MANIFEST_ERR_TOO_BIG;
        return r;
    }
    for (size_t off = 0; off < len && r.err == CRED_MANIFEST_OK;) {
        size_t line_len = 0;
        r.line++;
        r.err = measure_line(text + off, len - off, &line_len);
        if (r.err == CRED_MANIFEST_OK)
            r.err = apply_line(s, text + off, line_len, &r.phc);
        off += line_len + 1;
    }
    if (r.err != CRED_MANIFEST_OK) {
        __builtin_memset(s->manifest, 0, sizeof(s->manifest));
        s->manifest_count = 0;
    } else {
        r.line = 0;
    }
    return r;
}

const char *cred_manifest_strerror(cred_manifest_err_t err) {
    static const char *const msg[] = {
        [CRED_MANIFEST_OK] = "ok",
        [CRED_MANIFEST_ERR_TOO_BIG] = "file too big",
        [CRED_MANIFEST_ERR_LINE_TOO_LONG] = "line too long",
        [CRED_MANIFEST_ERR_NUL] = "NUL byte",
        [CRED_MANIFEST_ERR_UNKNOWN_KIND] = "unknown record kind",
        [CRED_MANIFEST_ERR_UNKNOWN_VERSION] = "unknown record version",
        [CRED_MANIFEST_ERR_SYNTAX] = "wrong number of fields",
        [CRED_MANIFEST_ERR_BAD_ACCOUNT] = "bad account name",
        [CRED_MANIFEST_ERR_BAD_NUMBER] = "bad id or time",
        [CRED_MANIFEST_ERR_BAD_VERIFIER] = "bad verifier",
        [CRED_MANIFEST_ERR_DUPLICATE_ACCOUNT] = "duplicate account",
        [CRED_MANIFEST_ERR_DUPLICATE_CREDENTIAL] = "duplicate credential id",
        [CRED_MANIFEST_ERR_TOO_MANY] = "too many records",
    };
    return (unsigned)err < sizeof(msg) / sizeof(msg[0]) ? msg[err] : "unknown error";
}
