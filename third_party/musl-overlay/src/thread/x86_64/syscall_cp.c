/*
 * capOS: replaces musl's syscall_cp.s (cancellable system calls).
 *
 * The cancellation point is checked on entry; the call itself goes through
 * __os_syscall.  __cp_begin == __cp_end makes the "interrupted before the
 * syscall instruction" window empty, so the cancel signal handler never
 * rewrites the PC into this code; __syscall_cp_c() still acts on -EINTR
 * after the call returns.  __cp_cancel keeps its meaning (tail-jump to
 * __cancel) for asynchronous cancellation.
 */
#include "pthread_impl.h"
#include "syscall.h"

hidden long __cancel();

__asm__(
	".text\n"
	".global __cp_begin\n"
	".hidden __cp_begin\n"
	".global __cp_end\n"
	".hidden __cp_end\n"
	".global __cp_cancel\n"
	".hidden __cp_cancel\n"
	"__cp_begin:\n"
	"__cp_end:\n"
	"__cp_cancel:\n"
	"	jmp __cancel\n"
);

hidden long __syscall_cp_asm(volatile void *cancel, syscall_arg_t nr,
                             syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,
                             syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	if (*(volatile int *)cancel)
		return __cancel();
	return __os_syscall(nr, u, v, w, x, y, z);
}
