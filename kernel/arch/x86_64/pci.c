/* PCI configuration access (mechanism 1) and bus enumeration at boot. The
 * device table is read-only after boot; drivers reach devices only through
 * PciBus/PciDevice capabilities (obj/pci.c). */
#include "cpu.h"
#include "pci.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define REG_ID 0x00
#define REG_COMMAND 0x04
#define REG_CLASS 0x08
#define REG_HEADER 0x0c
#define REG_BAR0 0x10
#define REG_IRQ 0x3c

pci_table_t pci_devices;

uint32_t pci_cfg_read(uint32_t bdf, uint32_t reg) {
    outl(PCI_ADDR, 0x80000000u | bdf | (reg & 0xfc));
    return inl(PCI_DATA);
}

void pci_cfg_write(uint32_t bdf, uint32_t reg, uint32_t value) {
    outl(PCI_ADDR, 0x80000000u | bdf | (reg & 0xfc));
    outl(PCI_DATA, value);
}

/* Size one BAR by writing all ones; returns how many BAR slots it used. */
static unsigned probe_bar(uint32_t bdf, unsigned i, pci_bar_t *bar) {
    uint32_t reg = REG_BAR0 + 4 * i, orig = pci_cfg_read(bdf, reg);
    pci_cfg_write(bdf, reg, 0xffffffffu);
    uint32_t mask = pci_cfg_read(bdf, reg);
    pci_cfg_write(bdf, reg, orig);
    *bar = (pci_bar_t){0};
    if (orig & 1) { /* I/O space */
        uint32_t size = ~(mask & ~3u) + 1;
        if (mask && size <= 0x10000)
            *bar = (pci_bar_t){PCI_BAR_IO, orig & ~3u, size & 0xffff};
        return 1;
    }
    bool is64 = ((orig >> 1) & 3) == 2 && i < 5;
    uint64_t base = orig & ~0xfull, full_mask = 0xffffffff00000000ull | (mask & ~0xfu);
    if (is64) {
        uint32_t hi = pci_cfg_read(bdf, reg + 4);
        pci_cfg_write(bdf, reg + 4, 0xffffffffu);
        full_mask = ((uint64_t)pci_cfg_read(bdf, reg + 4) << 32) | (mask & ~0xfu);
        pci_cfg_write(bdf, reg + 4, hi);
        base |= (uint64_t)hi << 32;
    }
    if (mask & ~0xfu)
        *bar = (pci_bar_t){PCI_BAR_MMIO, base, ~full_mask + 1};
    return is64 ? 2 : 1;
}

static void add_device(uint32_t bdf, uint32_t id) {
    if (pci_devices.count == PCI_MAX_DEVICES)
        return;
    pci_device_t *d = &pci_devices.dev[pci_devices.count++];
    d->bdf = bdf;
    d->vendor = id & 0xffff;
    d->device = id >> 16;
    d->class_code = pci_cfg_read(bdf, REG_CLASS) >> 8;
    uint32_t irq = pci_cfg_read(bdf, REG_IRQ);
    d->irq_line = irq & 0xff;
    d->irq_pin = (irq >> 8) & 0xff;
    uint32_t cmd = pci_cfg_read(bdf, REG_COMMAND);
    pci_cfg_write(bdf, REG_COMMAND, cmd & ~3u); /* no decoding while sizing */
    for (unsigned i = 0; i < PCI_MAX_BARS;)
        i += probe_bar(bdf, i, &d->bar[i]);
    pci_cfg_write(bdf, REG_COMMAND, cmd);
    kprintf("pci: %02x:%02x.%x %04x:%04x class %06x irq %u\n", bdf >> 16, (bdf >> 11) & 31,
            (bdf >> 8) & 7, d->vendor, d->device, d->class_code, d->irq_line);
}

void pci_enumerate(void) {
    for (uint32_t bus = 0; bus < 256; bus++) {
        for (uint32_t dev = 0; dev < 32; dev++) {
            for (uint32_t fn = 0; fn < 8; fn++) {
                uint32_t bdf = PCI_BDF(bus, dev, fn), id = pci_cfg_read(bdf, REG_ID);
                if ((id & 0xffff) == 0xffff) {
                    if (fn == 0)
                        break;
                    continue;
                }
                add_device(bdf, id);
                if (fn == 0 && !(pci_cfg_read(bdf, REG_HEADER) & 0x800000))
                    break; /* single-function device */
            }
        }
    }
}
