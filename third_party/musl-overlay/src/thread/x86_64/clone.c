/*
 * capOS: replaces musl's clone.s.  capOS processes have a single thread,
 * so clone is refused without asking the runtime: a child that would
 * return on a new stack cannot be expressed through a C call to
 * __os_syscall.  pthread_create() therefore fails with EAGAIN.
 */
#include <errno.h>
#include "pthread_impl.h"

int __clone(int (*func)(void *), void *stack, int flags, void *arg, ...)
{
	(void)func; (void)stack; (void)flags; (void)arg;
	return -ENOSYS;
}
