# capOS: replaces musl's restore.s.  __restore_rt is installed as the
# signal trampoline (sa_restorer); a handler returns into it with %rsp
# pointing at the signal frame.  Instead of `syscall` it calls
# __os_syscall(SYS_rt_sigreturn, frame) with that %rsp as the first
# argument, so the runtime can find the saved context.  %rsp is 16-byte
# aligned here (a handler is entered as if called), as `call` needs.
	nop
.global __restore_rt
.hidden __restore_rt
.type __restore_rt,@function
__restore_rt:
	mov $15,%edi
	mov %rsp,%rsi
	call __os_syscall
	hlt
.size __restore_rt,.-__restore_rt
