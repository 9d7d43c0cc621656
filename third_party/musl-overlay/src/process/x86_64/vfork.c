/*
 * capOS: replaces musl's vfork.s, which issued SYS_vfork with `syscall`
 * while juggling the return address.  A vfork that shares the parent's
 * stack cannot be made from C, so vfork() is fork(), as POSIX allows.
 */
#define _GNU_SOURCE
#include <unistd.h>
#include "syscall.h"

pid_t vfork(void)
{
	return __syscall_ret(__syscall(SYS_fork));
}
