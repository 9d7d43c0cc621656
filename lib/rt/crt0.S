/* Ring-3 entry: the kernel starts us with rdi = CapSet address and a
 * 16-byte aligned stack; the call below leaves rt_start ABI-aligned. */
    .text
    .globl _start
_start:
    xor %rbp, %rbp
    call rt_start
    ud2

    .section .note.GNU-stack, "", @progbits
