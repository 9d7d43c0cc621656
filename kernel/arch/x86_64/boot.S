/*
 * Multiboot1 entry and the 32->64-bit trampoline.
 *
 * QEMU loads the flat image at 1 MiB (a.out kludge) and jumps to _start32 in
 * 32-bit protected mode with eax = multiboot magic, ebx = info address.
 * We build boot page tables that map the first 1 GiB three times with 2 MiB
 * pages: identity (for the jump), the direct physical map at
 * 0xffff800000000000, and the kernel image window at 0xffffffff80000000; then
 * enable long mode and call kmain(magic, info_phys) on the kernel stack.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00010003 /* page-align modules, memory info, a.out kludge */

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header          /* header_addr */
    .long _image_start_phys  /* load_addr */
    .long _load_end_phys     /* load_end_addr */
    .long _bss_end_phys      /* bss_end_addr */
    .long _start32           /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl _start32
_start32:
    cli
    mov %eax, %edi                  /* multiboot magic -> kmain arg 0 */
    mov %ebx, %esi                  /* multiboot info  -> kmain arg 1 */
    mov $boot_stack_top, %esp

    /* pd: 512 x 2 MiB identity entries = first 1 GiB */
    mov $boot_pd, %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax                  /* present | writable | 2 MiB page */
    mov %eax, (%ebx,%ecx,8)
    movl $0, 4(%ebx,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jne 1b

    mov $boot_pd, %eax
    or $0x3, %eax
    mov %eax, boot_pdpt_low         /* pdpt_low[0]    -> pd (0..1 GiB) */
    mov %eax, boot_pdpt_high + 510*8 /* pdpt_high[510] -> pd */

    mov $boot_pdpt_low, %eax
    or $0x3, %eax
    mov %eax, boot_pml4             /* pml4[0]   identity */
    mov %eax, boot_pml4 + 256*8     /* pml4[256] direct map */
    mov $boot_pdpt_high, %eax
    or $0x3, %eax
    mov %eax, boot_pml4 + 511*8     /* pml4[511] kernel window */

    mov %cr4, %eax
    or $(1 << 5), %eax              /* PAE */
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3

    mov %edi, %ebp                  /* rdmsr clobbers edx:eax; keep magic */
    mov $0xC0000080, %ecx           /* EFER */
    rdmsr
    or $((1 << 8) | (1 << 11) | (1 << 0)), %eax /* LME | NXE | SCE */
    wrmsr
    mov %ebp, %edi

    mov %cr0, %eax
    or $((1 << 31) | (1 << 16) | 1), %eax /* PG | WP | PE */
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_entry

    .code64
long_mode_entry:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $kernel_boot_stack_top, %rsp
    movabs $kmain, %rax
    call *%rax
2:  hlt
    jmp 2b

    .section .boot.data, "aw"
    .align 4096
    .globl boot_pml4
boot_pml4:      .fill 4096, 1, 0
boot_pdpt_low:  .fill 4096, 1, 0
boot_pdpt_high: .fill 4096, 1, 0
boot_pd:        .fill 4096, 1, 0
boot_stack:     .fill 1024, 1, 0
boot_stack_top:

    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .section .bss
    .align 16
    .globl kernel_boot_stack_top
kernel_boot_stack:
    .skip 16384
kernel_boot_stack_top:

    .section .note.GNU-stack, "", @progbits
