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

#define ISR_DECL(n) extern char isr_##n[];
ISR_DECL(0) ISR_DECL(1) ISR_DECL(2) ISR_DECL(3) ISR_DECL(4) ISR_DECL(5) ISR_DECL(6)
ISR_DECL(7) ISR_DECL(8) ISR_DECL(9) ISR_DECL(10) ISR_DECL(11) ISR_DECL(12) ISR_DECL(13)
ISR_DECL(14) ISR_DECL(15) ISR_DECL(16) ISR_DECL(17) ISR_DECL(18) ISR_DECL(19) ISR_DECL(20)
ISR_DECL(21) ISR_DECL(32) ISR_DECL(33) ISR_DECL(34) ISR_DECL(35) ISR_DECL(36) ISR_DECL(37)
ISR_DECL(38) ISR_DECL(39) ISR_DECL(40) ISR_DECL(41) ISR_DECL(42) ISR_DECL(43) ISR_DECL(44)
ISR_DECL(45) ISR_DECL(46) ISR_DECL(47) ISR_DECL(255)

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
    void *stubs[] = {isr_0,  isr_1,  isr_2,  isr_3,  isr_4,  isr_5,  isr_6,  isr_7,
                     isr_8,  isr_9,  isr_10, isr_11, isr_12, isr_13, isr_14, isr_15,
                     isr_16, isr_17, isr_18, isr_19, isr_20, isr_21};
    for (int i = 0; i < 22; i++)
        idt_set(i, stubs[i]);
    void *irqs[] = {isr_32, isr_33, isr_34, isr_35, isr_36, isr_37, isr_38, isr_39,
                    isr_40, isr_41, isr_42, isr_43, isr_44, isr_45, isr_46, isr_47};
    for (int i = 0; i < 16; i++)
        idt_set(32 + i, irqs[i]);
    idt_set(255, isr_255);
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } p = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(p));
}
