/*
 * Kernel entry and exit paths.
 *
 * Every entry (exception, IRQ, SYSCALL) saves a trap_frame_t on the current
 * process's kernel stack. The kernel runs with interrupts disabled; only
 * user mode and the idle loop take interrupts.
 */
#define USER_DS 0x1b
#define USER_CS 0x23
#define SYSCALL_VECTOR 0x80

.macro PUSH_REGS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro POP_REGS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

    .text

/* Exception/IRQ stubs: normalise to [vector, error] then the common path. */
.macro ISR_NOERR n
    .globl isr_\n
isr_\n:
    push $0
    push $\n
    jmp trap_common
.endm
.macro ISR_ERR n
    .globl isr_\n
isr_\n:
    push $\n
    jmp trap_common
.endm

ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR 8
ISR_NOERR 9
ISR_ERR 10
ISR_ERR 11
ISR_ERR 12
ISR_ERR 13
ISR_ERR 14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR 17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR 21
ISR_NOERR 32
ISR_NOERR 33
ISR_NOERR 34
ISR_NOERR 35
ISR_NOERR 36
ISR_NOERR 37
ISR_NOERR 38
ISR_NOERR 39
ISR_NOERR 40
ISR_NOERR 41
ISR_NOERR 42
ISR_NOERR 43
ISR_NOERR 44
ISR_NOERR 45
ISR_NOERR 46
ISR_NOERR 47
ISR_NOERR 255


/* (vector, stub) pairs for idt_init, ended by vector -1. */
.macro VEC n
    .quad \n, isr_\n
.endm
    .section .rodata
    .align 8
    .globl isr_table
isr_table:
    VEC 0
    VEC 1
    VEC 2
    VEC 3
    VEC 4
    VEC 5
    VEC 6
    VEC 7
    VEC 8
    VEC 9
    VEC 10
    VEC 11
    VEC 12
    VEC 13
    VEC 14
    VEC 15
    VEC 16
    VEC 17
    VEC 18
    VEC 19
    VEC 20
    VEC 21
    VEC 32
    VEC 33
    VEC 34
    VEC 35
    VEC 36
    VEC 37
    VEC 38
    VEC 39
    VEC 40
    VEC 41
    VEC 42
    VEC 43
    VEC 44
    VEC 45
    VEC 46
    VEC 47
    VEC 255
    .quad -1, 0
    .text

trap_common:
    PUSH_REGS
    cld
    mov %rsp, %rdi
    call trap_dispatch
    .globl trap_return
trap_return:
    POP_REGS
    add $16, %rsp
    iretq

/*
 * SYSCALL: rcx = user rip, r11 = user rflags, interrupts masked by FMASK.
 * Build an iret-shaped frame on the kernel stack so the trap path and the
 * scheduler see one frame format; leave through SYSRET.
 */
    .globl syscall_entry
syscall_entry:
    mov %rsp, syscall_user_rsp(%rip)
    mov syscall_kernel_rsp(%rip), %rsp
    push $USER_DS
    push syscall_user_rsp(%rip)
    push %r11
    push $USER_CS
    push %rcx
    push $0
    push $SYSCALL_VECTOR
    PUSH_REGS
    cld
    mov %rsp, %rdi
    call syscall_dispatch
    POP_REGS
    add $16, %rsp
    pop %rcx            /* user rip */
    add $8, %rsp        /* cs */
    pop %r11            /* user rflags */
    pop %rsp            /* user rsp; ss is implied by SYSRET */
    sysretq

/*
 * context_switch(uint64_t *save_rsp, uint64_t new_rsp): save callee-saved
 * registers on this stack, store rsp, continue on the other stack.
 */
    .globl context_switch
context_switch:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* First run of a new process: its stack holds a trap_frame_t for ring 3.
 * A process terminated before it ever ran exits here instead. */
    .globl process_first_entry
process_first_entry:
    call proc_first_run
    jmp trap_return

    .bss
    .align 8
    .globl syscall_user_rsp, syscall_kernel_rsp
syscall_user_rsp:   .quad 0
syscall_kernel_rsp: .quad 0

    .section .note.GNU-stack, "", @progbits
