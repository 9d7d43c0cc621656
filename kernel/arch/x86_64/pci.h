/* The PCI devices found at boot. */
#ifndef KERNEL_ARCH_PCI_H
#define KERNEL_ARCH_PCI_H

#include "../../kernel.h"

#define PCI_MAX_DEVICES 32u
#define PCI_MAX_BARS 6u
#define PCI_BAR_NONE 0u
#define PCI_BAR_MMIO 1u
#define PCI_BAR_IO 2u

typedef struct {
    uint32_t kind; /* PCI_BAR_* */
    uint64_t base, size;
} pci_bar_t;

typedef struct {
    uint32_t bdf;
    uint16_t vendor, device;
    uint32_t class_code; /* class << 16 | subclass << 8 | prog-if */
    uint32_t irq_line;   /* interrupt line register: the legacy line INTx is routed to */
    uint32_t irq_pin;    /* interrupt pin register: 0 when the device has no INTx */
    pci_bar_t bar[PCI_MAX_BARS];
    bool opened; /* a PciDevice object exists: the device has its one driver */
} pci_device_t;

typedef struct {
    uint32_t count;
    pci_device_t dev[PCI_MAX_DEVICES];
} pci_table_t;

extern pci_table_t pci_devices;
void pci_enumerate(void);

#endif
