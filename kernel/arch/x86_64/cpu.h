/* x86_64 instruction wrappers and the saved-register frame. */
#ifndef KERNEL_ARCH_CPU_H
#define KERNEL_ARCH_CPU_H

#include <stdint.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS 0x1b /* 0x18 | RPL 3 */
#define USER_CS 0x23 /* 0x20 | RPL 3 */
#define TSS_SEL 0x28

/* Saved registers, in the order entry.S pushes them (lowest address first). */
typedef struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
} trap_frame_t;

static inline void outb(uint16_t port, uint8_t v) {
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outw(uint16_t port, uint16_t v) {
    __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outl(uint16_t port, uint32_t v) {
    __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port) {
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t inl(uint16_t port) {
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint64_t rdmsr(uint32_t msr) {
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v) {
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline void write_cr3(uint64_t v) {
    __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}
static inline uint64_t read_cr3(void) {
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline uint64_t read_cr2(void) {
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline void invlpg(uint64_t va) {
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}
__attribute__((noreturn)) static inline void cpu_halt_forever(void) {
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* PCI configuration space, mechanism 1. bdf = bus << 16 | dev << 11 | fn << 8. */
#define PCI_BDF(b, d, f) (((uint32_t)(b) << 16) | ((uint32_t)(d) << 11) | ((uint32_t)(f) << 8))
uint32_t pci_cfg_read(uint32_t bdf, uint32_t reg);
void pci_cfg_write(uint32_t bdf, uint32_t reg, uint32_t value);

void gdt_init(void);
/* Enable x87/SSE for ring 3 (the kernel itself never uses them) and record
 * a clean FXSAVE image; fpu_init_state copies it into a new process. */
void fpu_enable(void);
void fpu_init_state(uint8_t area[512]);
void tss_set_kernel_stack(uint64_t top);
void idt_init(void);
void syscall_msr_init(void);
void trap_dispatch(trap_frame_t *tf);

#endif
