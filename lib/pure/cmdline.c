/* Shell command-line splitting. See capos/cmdline.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/cmdline.h"
#include "capos/format.h"

static int split_error(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;

    if (err != NULL && errlen > 0) {
        va_start(ap, fmt);
        fmt_vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Decodes the escape at line[*r] (just after a backslash inside quotes) and
 * advances *r past it; -1 when it is not one of the documented escapes.
 */
static int unescape(const char *line, size_t *r) {
    char c = line[*r];
    int hi, lo;

    *r += 1;
    switch (c) {
    case '"':
    case '\\':
        return c;
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case '0':
        return 0;
    case 'x':
        hi = hex_value(line[*r]);
        lo = hi < 0 ? -1 : hex_value(line[*r + 1]);
        if (lo < 0)
            return -1;
        *r += 2;
        return hi << 4 | lo;
    default:
        return -1;
    }
}

/*
 * Reads one word starting at line[*r] (not a blank) and writes it, unquoted,
 * at line[*w]. The write position never passes the read position (quotes
 * and escapes only shrink text), so the rewrite in place is safe.
 */
static int read_word(char *line, size_t *r, size_t *w, char *err, size_t errlen) {
    int quoted = 0;

    for (;;) {
        char c = line[*r];

        if (c == '\0' && quoted)
            return split_error(err, errlen, "unterminated quote");
        if (c == '\0' || (!quoted && (c == ' ' || c == '\t')))
            return 0;
        *r += 1;
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted && c == '\\') {
            size_t at = *r - 1;
            int v;

            if (line[*r] == '\0')
                return split_error(err, errlen, "unterminated quote");
            v = unescape(line, r);
            if (v < 0)
                return split_error(err, errlen,
                                   "unknown escape at offset %u (use \\\" \\\\ "
                                   "\\n \\t \\r \\0 or \\xNN)",
                                   (unsigned)at);
            c = (char)v;
        }
        line[(*w)++] = c;
    }
}

int cmdline_split(char *line, char **argv, uint32_t *lens, int max, char *err, size_t errlen) {
    size_t r = 0, w = 0;
    int n = 0;

    if (err != NULL && errlen > 0)
        err[0] = '\0';
    if (line == NULL || max < 0 || (max > 0 && argv == NULL))
        return split_error(err, errlen, "bad arguments");
    for (;;) {
        size_t start;

        while (line[r] == ' ' || line[r] == '\t')
            r++;
        if (line[r] == '\0')
            return n;
        if (n == max)
            return split_error(err, errlen, "too many words (at most %d)", max);
        start = w;
        if (read_word(line, &r, &w, err, errlen) < 0)
            return -1;
        /* The terminator goes where the separator (or the end) was read. */
        if (line[r] != '\0')
            r++;
        line[w++] = '\0';
        argv[n] = line + start;
        if (lens != NULL)
            lens[n] = (uint32_t)(w - 1 - start);
        n++;
    }
}
