/* Interrupt descriptor table: exceptions 0-21, PIC IRQs 32-47, spurious 255.
 * Only kernel vectors; ring 3 cannot raise any with INT (DPL 0). */
#include "cpu.h"

typedef struct __attribute__((packed)) {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t off_mid;
    uint32_t off_hi;
    uint32_t zero;
} idt_entry_t;

static idt_entry_t idt[256];

/* (vector, stub) pairs emitted by entry.S, ended by vector -1. */
typedef struct {
    uint64_t vector;
    void *stub;
} isr_entry_t;
extern const isr_entry_t isr_table[];

static void idt_set(int n, void *handler) {
    uint64_t a = (uint64_t)handler;
    idt[n] = (idt_entry_t){
        .off_lo = a & 0xffff,
        .sel = KERNEL_CS,
        .ist = 0,
        .type_attr = 0x8e, /* present, DPL 0, interrupt gate */
        .off_mid = (a >> 16) & 0xffff,
        .off_hi = a >> 32,
    };
}

void idt_init(void) {
    for (const isr_entry_t *e = isr_table; e->vector != (uint64_t)-1; e++)
        idt_set((int)e->vector, e->stub);
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } p = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(p));
}
