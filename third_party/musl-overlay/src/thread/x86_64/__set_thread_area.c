/*
 * capOS: replaces musl's __set_thread_area.s, which issued arch_prctl with
 * the `syscall` instruction.  Called by __init_tls() before the thread
 * pointer is valid, so __os_syscall must not touch TLS for this request.
 */
#include "pthread_impl.h"
#include "syscall.h"

#define ARCH_SET_FS 0x1002

int __set_thread_area(void *p)
{
	return __syscall(SYS_arch_prctl, ARCH_SET_FS, p);
}
