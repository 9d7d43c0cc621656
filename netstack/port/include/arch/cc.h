/*
 * lwIP's compiler and platform hooks for the netstack: a freestanding
 * ring-3 program on lib/rt, x86_64 little-endian. Diagnostics go to the
 * console; a failed assertion ends the service (init reports the exit),
 * because lwIP's state is not trustworthy after one.
 */
#ifndef CAPOS_NETSTACK_ARCH_CC_H
#define CAPOS_NETSTACK_ARCH_CC_H

#include <stdint.h>

/* No <inttypes.h>, <ctype.h> or <unistd.h> here: lwIP uses its own. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define lwip_htons(x) __builtin_bswap16(x)
#define lwip_htonl(x) __builtin_bswap32(x)

int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void lwip_port_assert_failed(const char *what, const char *file,
                                                       int line);
uint32_t lwip_port_random(void);

#define LWIP_PLATFORM_DIAG(x)                                                                      \
    do {                                                                                           \
        rt_printf x;                                                                               \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert_failed((x), __FILE__, __LINE__)
#define LWIP_RAND() lwip_port_random() /* also the first ephemeral TCP and UDP ports */

#endif
