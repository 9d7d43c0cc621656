/* 8259 PIC remapped to vectors 32-47 with only IRQ0 unmasked, the PIT as a
 * periodic tick, and the TSC calibrated against PIT channel 2. */
#include "cpu.h"
#include "../../kernel.h"

#define PIT_HZ 1193182u

static void pic_init(void) {
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, 32);
    outb(0xa1, 40);
    outb(0x21, 4);
    outb(0xa1, 2);
    outb(0x21, 1);
    outb(0xa1, 1);
    outb(0x21, 0xfe); /* only IRQ0 */
    outb(0xa1, 0xff);
}

void pic_eoi(uint32_t irq) {
    if (irq >= 8)
        outb(0xa0, 0x20);
    outb(0x20, 0x20);
}

void pic_mask(uint32_t irq, bool masked) {
    uint16_t port = irq < 8 ? 0x21 : 0xa1;
    uint8_t bit = (uint8_t)(1u << (irq & 7));
    uint8_t m = inb(port);
    outb(port, masked ? (m | bit) : (m & ~bit));
    if (irq >= 8 && !masked) /* the slave reaches the CPU through line 2 */
        outb(0x21, inb(0x21) & ~(1u << 2));
}

/* Busy-wait about 10 ms on PIT channel 2 and count TSC ticks meanwhile. */
static uint64_t tsc_calibrate(void) {
    uint32_t count = PIT_HZ / 100;
    outb(0x61, (inb(0x61) & 0xfd) | 0x01); /* gate on, speaker off */
    outb(0x43, 0xb0);                      /* ch2, lo/hi, mode 0 */
    outb(0x42, count & 0xff);
    outb(0x42, count >> 8);
    uint64_t start = rdtsc();
    while (!(inb(0x61) & 0x20))
        ;
    uint64_t hz = (rdtsc() - start) * 100;
    return hz ? hz : 1000000000ull;
}

void timer_init(void) {
    pic_init();
    kernel.tsc_hz = tsc_calibrate();
    kernel.tsc_boot = rdtsc();
    uint32_t div = PIT_HZ / TIMER_HZ;
    outb(0x43, 0x34); /* ch0, lo/hi, rate generator */
    outb(0x40, div & 0xff);
    outb(0x40, div >> 8);
}

uint64_t clock_now_ns(void) {
    uint64_t d = rdtsc() - kernel.tsc_boot;
    uint64_t hz = kernel.tsc_hz;
    return (d / hz) * 1000000000ull + ((d % hz) * 1000000000ull) / hz;
}
