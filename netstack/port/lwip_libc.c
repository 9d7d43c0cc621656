/* The C library functions lwIP needs beyond lib/rt's (see libc/). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int strncmp(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            break;
    }
    return 0;
}

/* Decimal digits after optional blanks and sign; stops at the first other
 * character and saturates instead of overflowing. */
int atoi(const char *s) {
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > INT_MAX) {
            v = INT_MAX;
            break;
        }
    }
    return (int)(neg ? -v : v);
}
