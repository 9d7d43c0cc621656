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

static void put_num(out_t *o, uint64_t v, unsigned base, bool neg, int width, char pad) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    for (int i = n; i < width; i++)
        put(o, pad);
    while (n)
        put(o, tmp[--n]);
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
        char pad = ' ';
        int width = 0, lng = 0;
        if (*p == '0')
            pad = '0', p++;
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        while (*p == 'l')
            lng = 1, p++;
        switch (*p) {
        case 's': {
            const char *s = va_arg(aq, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                put(&o, *s);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(aq, int));
            break;
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&aq, lng);
            put_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
            put_num(&o, arg_unsigned(&aq, lng), 10, false, width, pad);
            break;
        case 'x':
            put_num(&o, arg_unsigned(&aq, lng), 16, false, width, pad);
            break;
        case 'p':
            put_num(&o, (uint64_t)va_arg(aq, void *), 16, false, 16, '0');
            break;
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
