/* The answer to a system call lib/posix does not implement: -ENOSYS, and
 * one console line naming it the first time it is asked for, so a port
 * learns what it is missing. Formats by hand: it may run before musl has
 * set up TLS, and must not recurse into __os_syscall. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "glue.h"
#include "syscall_names.h"

/* True the first time n is asked about. */
static bool first_time(long n) {
    static uint64_t logged[(SYSCALL_NAMES_COUNT + 63) / 64];
    static bool logged_other; /* one line for every number outside the table */
    if (n < 0 || n >= SYSCALL_NAMES_COUNT) {
        bool first = !logged_other;
        logged_other = true;
        return first;
    }
    uint64_t bit = 1ull << (n % 64);
    bool first = !(logged[n / 64] & bit);
    logged[n / 64] |= bit;
    return first;
}

/* Appends the decimal form of n to buf at *len. */
static void put_number(char *buf, size_t *len, long n) {
    char digits[24];
    size_t k = 0;
    unsigned long u = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    do
        digits[k++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (n < 0)
        buf[(*len)++] = '-';
    while (k)
        buf[(*len)++] = digits[--k];
}

static void put_text(char *buf, size_t *len, const char *s) {
    size_t n = strlen(s);
    memcpy(buf + *len, s, n);
    *len += n;
}

long posix_unimplemented(long n) {
    if (first_time(n)) {
        char line[128];
        size_t len = 0;
        const char *name = syscall_name(n);
        put_text(line, &len, "posix: system call ");
        put_text(line, &len, name ? name : "(unknown)");
        put_text(line, &len, " (");
        put_number(line, &len, n);
        put_text(line, &len, ") is unsupported here: ENOSYS\n");
        (void)posix_console_write(line, len);
    }
    return -ENOSYS;
}
