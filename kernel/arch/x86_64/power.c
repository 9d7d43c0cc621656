/* Leaving QEMU: ACPI soft-off (QEMU exits 0) or isa-debug-exit (non-zero). */
#include "cpu.h"
#include "../../kernel.h"

#define LPC_BDF PCI_BDF(0, 0x1f, 0) /* q35 ICH9 LPC */
#define LPC_PMBASE 0x40
#define LPC_ACPI_CTRL 0x44
#define ACPI_PM_BASE 0x600u

/* Point the ICH9 ACPI I/O block at ACPI_PM_BASE and enable it, whatever the
 * firmware did, then request S5 through PM1a_CNT (SLP_EN, SLP_TYP 0). */
void power_off(void) {
    pci_cfg_write(LPC_BDF, LPC_PMBASE, ACPI_PM_BASE | 1);
    pci_cfg_write(LPC_BDF, LPC_ACPI_CTRL, pci_cfg_read(LPC_BDF, LPC_ACPI_CTRL) | 0x80);
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
