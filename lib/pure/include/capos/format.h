/* Bounded printf-style formatting shared by the kernel and ring-3 runtime. */
#ifndef CAPOS_FORMAT_H
#define CAPOS_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Supports %s %c %d %i %u %x %p and %%, with l/ll, a field width (or '*'),
 * the flags '-' (left-justify) and '0' (zero padding), and a precision
 * ('.N' or '.*') limiting how much of a %s string is printed. Always
 * NUL-terminates when size > 0; returns the length the full output would
 * have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
