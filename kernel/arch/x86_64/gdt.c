/* Long-mode GDT, the TSS (ring-0 stack for interrupts from ring 3) and the
 * SYSCALL/SYSRET MSRs whose selector layout depends on the GDT order. */
#include "cpu.h"

typedef struct __attribute__((packed)) {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} tss_t;

static tss_t tss;

/* null, kernel code, kernel data, user data, user code, TSS (two slots).
 * SYSRET needs user data right below user code (STAR[63:48] + 8 / + 16). */
static uint64_t gdt[7] = {
    0,
    0x00af9a000000ffffull, /* 0x08 kernel code, long mode */
    0x00cf92000000ffffull, /* 0x10 kernel data */
    0x00cff2000000ffffull, /* 0x18 user data, DPL 3 */
    0x00affa000000ffffull, /* 0x20 user code, DPL 3, long mode */
    0,
    0,
};

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

static void gdt_set_tss(void) {
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[6] = base >> 32;
}

void gdt_init(void) {
    tss.iomap_base = sizeof(tss); /* no I/O bitmap: ring 3 gets no ports */
    gdt_set_tss();
    struct desc_ptr p = {sizeof(gdt) - 1, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "mov $0x10, %%ax\n\t"
                     "mov %%ax, %%ds\n\t"
                     "mov %%ax, %%es\n\t"
                     "mov %%ax, %%ss\n\t"
                     "pushq $0x08\n\t"
                     "lea 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "mov %1, %%ax\n\t"
                     "ltr %%ax" ::"m"(p),
                     "i"(TSS_SEL)
                     : "rax", "memory");
}

void tss_set_kernel_stack(uint64_t top) {
    tss.rsp0 = top;
}

#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084

extern char syscall_entry[];

void syscall_msr_init(void) {
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* SCE */
    /* SYSCALL: CS=0x08, SS=0x10. SYSRET: CS=0x10+16|3=0x23, SS=0x10+8|3=0x1b. */
    wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Mask IF, TF, DF, AC on entry. */
    wrmsr(MSR_FMASK, (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18));
}
