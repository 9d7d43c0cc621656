/* Formatted output to the "console" capability, and error names. */
#include "capos/rt.h"
#include "capos/format.h"
#include "capos/idl/console.h"

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    return fmt_vsnprintf(buf, size, fmt, ap);
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int rt_printf(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    uint32_t len = n < (int)sizeof(buf) ? (uint32_t)n : sizeof(buf) - 1;
    cap_t console = rt_cap("console");
    if (console == CAP_NULL || console_write(console, (const uint8_t *)buf, len) != CAP_OK)
        return -1;
    return (int)len;
}
