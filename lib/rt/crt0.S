/* Ring-3 entry: the kernel starts us with rdi = CapSet address and a stack
 * whose rsp + 8 is 16-byte aligned. */
    .text
    .globl _start
_start:
    xor %rbp, %rbp
    call rt_start
    ud2

    .section .note.GNU-stack, "", @progbits
