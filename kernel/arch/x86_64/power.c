/* Leaving QEMU: ACPI soft-off (QEMU exits 0) or isa-debug-exit (non-zero). */
#include "cpu.h"
#include "../../kernel.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define LPC_BDF ((0u << 16) | (0x1fu << 11) | (0u << 8)) /* q35 ICH9 LPC: 00:1f.0 */
#define LPC_PMBASE 0x40
#define LPC_ACPI_CTRL 0x44
#define ACPI_PM_BASE 0x600u

static inline uint32_t inl(uint16_t port) {
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t pci_read(uint32_t bdf, uint32_t reg) {
    outl(PCI_ADDR, 0x80000000u | bdf | (reg & 0xfc));
    return inl(PCI_DATA);
}

static void pci_write(uint32_t bdf, uint32_t reg, uint32_t v) {
    outl(PCI_ADDR, 0x80000000u | bdf | (reg & 0xfc));
    outl(PCI_DATA, v);
}

/* Point the ICH9 ACPI I/O block at ACPI_PM_BASE and enable it, whatever the
 * firmware did, then request S5 through PM1a_CNT (SLP_EN, SLP_TYP 0). */
void power_off(void) {
    pci_write(LPC_BDF, LPC_PMBASE, ACPI_PM_BASE | 1);
    pci_write(LPC_BDF, LPC_ACPI_CTRL, pci_read(LPC_BDF, LPC_ACPI_CTRL) | 0x80);
    outw(ACPI_PM_BASE + 4, 0x2000);
    /* QEMU acts on the request asynchronously; give it a second before
     * falling back to isa-debug-exit (status 1) on a machine without it. */
    uint64_t until = rdtsc() + kernel.tsc_hz;
    while (rdtsc() < until)
        __asm__ volatile("pause");
    outb(0xf4, 0);
    cpu_halt_forever();
}

void power_fail(uint8_t code) {
    outb(0xf4, code); /* QEMU exits with (code << 1) | 1 */
    cpu_halt_forever();
}
