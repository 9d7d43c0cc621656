/* Bounded formatter. See format.h. */
#include <stdbool.h>
#include <stdint.h>
#include "capos/format.h"

typedef struct {
    char *buf;
    size_t size, len;
} out_t;

static void put(out_t *o, char c) {
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

typedef struct {
    int width;
    int precision; /* -1: none */
    bool left;     /* '-': pad on the right */
    char pad;
} spec_t;

static void put_padding(out_t *o, int n, char pad) {
    for (; n > 0; n--)
        put(o, pad);
}

static void put_num(out_t *o, uint64_t v, unsigned base, bool neg, const spec_t *sp) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    int fill = sp->width - n;
    if (!sp->left)
        put_padding(o, fill, sp->pad);
    while (n)
        put(o, tmp[--n]);
    if (sp->left)
        put_padding(o, fill, ' ');
}

static void put_str(out_t *o, const char *s, const spec_t *sp) {
    int n = 0;
    s = s ? s : "(null)";
    while (s[n] && (sp->precision < 0 || n < sp->precision))
        n++;
    if (!sp->left)
        put_padding(o, sp->width - n, ' ');
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        put_padding(o, sp->width - n, ' ');
}

/* An integer field of a conversion: digits, or '*' taken from the arguments. */
static int field(const char **p, va_list *ap) {
    int v = 0;
    if (**p == '*') {
        (*p)++;
        return va_arg(*ap, int);
    }
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (*(*p)++ - '0');
    return v;
}

static uint64_t arg_unsigned(va_list *ap, int lng) {
    return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int lng) {
    return lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    out_t o = {buf, size, 0};
    va_list aq;
    va_copy(aq, ap);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        spec_t sp = {0, -1, false, ' '};
        int lng = 0;
        for (;; p++) {
            if (*p == '-')
                sp.left = true;
            else if (*p == '0')
                sp.pad = '0';
            else
                break;
        }
        sp.width = field(&p, &aq);
        if (sp.width < 0) /* a negative '*' width means left-justified */
            sp.left = true, sp.width = -sp.width;
        if (*p == '.') {
            p++;
            sp.precision = field(&p, &aq);
        }
        while (*p == 'l')
            lng = 1, p++;
        switch (*p) {
        case 's':
            put_str(&o, va_arg(aq, const char *), &sp);
            break;
        case 'c':
            put(&o, (char)va_arg(aq, int));
            break;
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&aq, lng);
            put_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, &sp);
            break;
        }
        case 'u':
            put_num(&o, arg_unsigned(&aq, lng), 10, false, &sp);
            break;
        case 'x':
            put_num(&o, arg_unsigned(&aq, lng), 16, false, &sp);
            break;
        case 'p': {
            spec_t ptr = {16, -1, false, '0'};
            put_num(&o, (uint64_t)va_arg(aq, void *), 16, false, &ptr);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        default:
            put(&o, '?');
            break;
        }
        if (!*p)
            break;
    }
    va_end(aq);
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}
