/* x87/SSE state for ring 3. Saved and restored eagerly on every switch. */
#include "cpu.h"
#include "../../kernel.h"

static uint8_t clean_state[512] __attribute__((aligned(16)));

void fpu_enable(void) {
    uint64_t cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1); /* EM off, MP on */
    __asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= (1ull << 9) | (1ull << 10); /* OSFXSR, OSXMMEXCPT */
    __asm__ volatile("mov %0, %%cr4" ::"r"(cr4));
    __asm__ volatile("fninit; fxsave %0" : "=m"(clean_state));
}

void fpu_init_state(uint8_t area[512]) {
    memcpy(area, clean_state, sizeof(clean_state));
}
