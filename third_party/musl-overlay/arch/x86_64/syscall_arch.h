/*
 * capOS replacement for musl's arch/x86_64/syscall_arch.h.
 *
 * musl issues every system call through the __syscallN() inlines below.
 * Instead of executing the `syscall` instruction they all call one
 * out-of-line hook, __os_syscall(), which the capOS POSIX layer (lib/posix)
 * implements on top of capabilities.  libc.a leaves the symbol undefined;
 * the program's link supplies it.  Same idea as seL4's muslc, without the
 * indirection through a function pointer.
 *
 * Calling convention of the hook: Linux x86_64 system call numbers and
 * argument order; returns the result or -errno, exactly like the raw
 * `syscall` instruction would.  Unused arguments are passed as 0.
 *
 * The vDSO definitions (VDSO_USEFUL, VDSO_CGT_SYM, ...) are dropped on
 * purpose so clock_gettime() and getcpu() also go through the hook.
 */

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long __os_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

static __inline long __syscall0(long n)
{
	return __os_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __os_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __os_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __os_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __os_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return __os_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return __os_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
