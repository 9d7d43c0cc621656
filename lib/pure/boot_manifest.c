#include "capos/boot_manifest.h"

#include <stdbool.h>

typedef struct {
    const char *p;
    size_t len;
} token_t;

/* At most key, value, and one token standing for "anything extra". */
#define MAX_TOKENS 3u

typedef struct {
    boot_manifest_t m;
    bool have_init;
    bool have_pages;
} parse_state_t;

/*
 * Measures the line starting at p with avail bytes left: *line_len excludes
 * the '\n', *next is the offset of the following line. Reads at most
 * BOOT_MANIFEST_LINE_MAX + 1 bytes and never past avail.
 */
static boot_manifest_err_t measure_line(const char *p, size_t avail, size_t *line_len,
                                        size_t *next) {
    size_t i = 0;

    for (; i < avail && p[i] != '\n'; i++) {
        if (p[i] == '\0')
            return BOOT_MANIFEST_ERR_NUL;
        if (i == BOOT_MANIFEST_LINE_MAX)
            return BOOT_MANIFEST_ERR_LINE_TOO_LONG;
    }
    *line_len = i;
    *next = i < avail ? i + 1 : i;
    return BOOT_MANIFEST_OK;
}

/* Splits on runs of spaces; returns the token count, saturating at
 * MAX_TOKENS (so MAX_TOKENS means "more than two"). */
static unsigned tokenize(const char *line, size_t len, token_t tok[MAX_TOKENS]) {
    unsigned n = 0;
    size_t i = 0;

    while (n < MAX_TOKENS) {
        while (i < len && line[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && line[i] != ' ')
            i++;
        tok[n].p = line + start;
        tok[n].len = i - start;
        n++;
    }
    return n;
}

static bool token_is(const token_t *t, const char *word, size_t word_len) {
    return t->len == word_len && __builtin_memcmp(t->p, word, word_len) == 0;
}

/* Decimal digits only, value in 1..BOOT_MANIFEST_MAX_PAGES. Stops as soon as
 * the value exceeds the maximum, so the accumulator cannot overflow. */
static bool parse_pages(const token_t *t, uint64_t *out) {
    uint64_t v = 0;

    for (size_t i = 0; i < t->len; i++) {
        char c = t->p[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10u + (uint64_t)(c - '0');
        if (v > BOOT_MANIFEST_MAX_PAGES)
            return false;
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
}

static boot_manifest_err_t set_init(parse_state_t *st, const token_t *value) {
    if (st->have_init)
        return BOOT_MANIFEST_ERR_DUPLICATE;
    if (value->len > BOOTPKG_NAME_MAX || !bootpkg_name_valid(value->p, (uint32_t)value->len))
        return BOOT_MANIFEST_ERR_BAD_NAME;
    __builtin_memset(st->m.init, 0, sizeof st->m.init);
    __builtin_memcpy(st->m.init, value->p, value->len);
    st->m.init_len = (uint32_t)value->len;
    st->have_init = true;
    return BOOT_MANIFEST_OK;
}

static boot_manifest_err_t set_pages(parse_state_t *st, const token_t *value) {
    if (st->have_pages)
        return BOOT_MANIFEST_ERR_DUPLICATE;
    if (!parse_pages(value, &st->m.init_memory_pages))
        return BOOT_MANIFEST_ERR_BAD_NUMBER;
    st->have_pages = true;
    return BOOT_MANIFEST_OK;
}

#define KEY_INIT "init"
#define KEY_PAGES "init_memory_pages"

static boot_manifest_err_t apply_line(parse_state_t *st, const char *line, size_t len) {
    token_t tok[MAX_TOKENS];
    unsigned n = tokenize(line, len, tok);

    if (n == 0 || tok[0].p[0] == '#')
        return BOOT_MANIFEST_OK;

    bool is_init = token_is(&tok[0], KEY_INIT, sizeof KEY_INIT - 1);
    bool is_pages = token_is(&tok[0], KEY_PAGES, sizeof KEY_PAGES - 1);
    if (!is_init && !is_pages)
        return BOOT_MANIFEST_ERR_UNKNOWN_KEY;
    if (n != 2)
        return BOOT_MANIFEST_ERR_SYNTAX;
    return is_init ? set_init(st, &tok[1]) : set_pages(st, &tok[1]);
}

boot_manifest_err_t boot_manifest_parse(const char *text, size_t len, boot_manifest_t *out,
                                        uint32_t *err_line) {
    parse_state_t st = {.m = {.init_memory_pages = BOOT_MANIFEST_DEFAULT_PAGES}};
    boot_manifest_err_t err = BOOT_MANIFEST_OK;
    uint32_t line_no = 0;
    size_t pos = 0;

    while (err == BOOT_MANIFEST_OK && pos < len) {
        size_t line_len = 0, next = 0;
        line_no++;
        err = measure_line(text + pos, len - pos, &line_len, &next);
        if (err == BOOT_MANIFEST_OK)
            err = apply_line(&st, text + pos, line_len);
        pos += next;
    }
    if (err == BOOT_MANIFEST_OK && !st.have_init) {
        err = BOOT_MANIFEST_ERR_MISSING_INIT;
        line_no = 0;
    }
    if (err_line != NULL)
        *err_line = err == BOOT_MANIFEST_OK ? 0 : line_no;
    if (err == BOOT_MANIFEST_OK)
        *out = st.m;
    return err;
}

const char *boot_manifest_strerror(boot_manifest_err_t err) {
    switch (err) {
    case BOOT_MANIFEST_OK:
        return "ok";
    case BOOT_MANIFEST_ERR_LINE_TOO_LONG:
        return "line too long";
    case BOOT_MANIFEST_ERR_UNKNOWN_KEY:
        return "unknown key";
    case BOOT_MANIFEST_ERR_SYNTAX:
        return "expected exactly 'key value'";
    case BOOT_MANIFEST_ERR_BAD_NAME:
        return "invalid binary name";
    case BOOT_MANIFEST_ERR_BAD_NUMBER:
        return "invalid number (decimal, 1..1048576)";
    case BOOT_MANIFEST_ERR_DUPLICATE:
        return "duplicate key";
    case BOOT_MANIFEST_ERR_MISSING_INIT:
        return "missing 'init' line";
    case BOOT_MANIFEST_ERR_NUL:
        return "NUL byte in manifest";
    }
    return "unknown boot manifest error";
}
