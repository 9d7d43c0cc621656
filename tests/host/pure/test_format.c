/* fmt_vsnprintf: conversions, widths, flags, precision, bounds. */
#include <stdarg.h>

#include "capos/format.h"
#include "check.h"

static char out[64];

static int f(size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(out, size, fmt, ap);
    va_end(ap);
    return n;
}

#define FMT_IS(expect, ...)                                                                        \
    do {                                                                                           \
        int n_ = f(sizeof out, __VA_ARGS__);                                                       \
        CHECK(strcmp(out, expect) == 0);                                                           \
        CHECK(n_ == (int)strlen(expect));                                                          \
    } while (0)

int main(void) {
    FMT_IS("a 42 -7 ff x", "a %d %i %x %c", 42, -7, 255u, 'x');
    FMT_IS("18446744073709551615", "%lu", (unsigned long)-1);
    FMT_IS("   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
    FMT_IS("ab   |  ab|abc", "%-5s|%4s|%s", "ab", "ab", "abc");
    FMT_IS("he|hel|hello", "%.2s|%.*s|%.9s", "hello", 3, "hello", "hello");
    FMT_IS("  hel|x", "%*.*s|x", 5, 3, "hello");
    FMT_IS("ab   |", "%*s|", -5, "ab");
    FMT_IS("(null)", "%s", (const char *)NULL);
    FMT_IS("100%", "100%%");
    /* bounded: truncated output is NUL-terminated, the full length returned */
    CHECK(f(4, "%s", "abcdef") == 6);
    CHECK(strcmp(out, "abc") == 0);
    CHECK(f(4, "%-8s|", "ab") == 9);
    CHECK(strcmp(out, "ab ") == 0);
    return check_summary();
}
