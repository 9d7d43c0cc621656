/* <limits.h> from the compiler's predefined macros: the compiler's own
 * limits.h expects a C library's behind it. */
#ifndef CAPOS_NETSTACK_LIBC_LIMITS_H
#define CAPOS_NETSTACK_LIBC_LIMITS_H

#define CHAR_BIT __CHAR_BIT__
#define SCHAR_MAX __SCHAR_MAX__
#define SHRT_MAX __SHRT_MAX__
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2u + 1u)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1l)
#define ULONG_MAX (LONG_MAX * 2ul + 1ul)

#endif
