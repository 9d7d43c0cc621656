/*
 * Link-time stand-ins used ONLY while configuring third-party libraries
 * (autoconf / CMake link probes such as check_function_exists): any
 * executable linked against the capOS musl needs __os_syscall, and
 * mbedTLS built with MBEDTLS_ENTROPY_HARDWARE_ALT needs
 * mbedtls_hardware_poll.  The real ones come from lib/posix and lib/rt.
 * third_party/musl-cc adds this archive after everything else, and only
 * with --capos-probe-stubs (or CAPOS_GUEST_PROBE_STUBS=1), so a real
 * program never picks these up silently.  Each function is in its own
 * object so a real definition always wins.
 */
#include <errno.h>
#include <stddef.h>

#ifdef STUB_OS_SYSCALL
long __os_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	(void)n; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5; (void)a6;
	return -ENOSYS;
}
#endif

#ifdef STUB_HARDWARE_POLL
int mbedtls_hardware_poll(void *data, unsigned char *out, size_t len, size_t *olen)
{
	(void)data; (void)out; (void)len;
	*olen = 0;
	return -1;
}
#endif
