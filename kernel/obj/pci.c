/* PciBus (init's root: list devices, open one) and PciDevice (one driver's
 * access to its device: BARs, decoding, bus mastering, config reads, its
 * legacy interrupt line). */
#include "kinvoke.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/pci.h"
#include "capos/idl/pci.h"

#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define MAX_BAR_PAGES 4096u

typedef struct pci_dev_obj {
    kobject_t ko;
    pci_device_t *dev;
    bool irq_taken; /* irq answered once already */
} pci_dev_obj_t;

kobject_t pci_bus_object = {CAP_TYPE_PCI_BUS, 1, NULL};

void pci_device_destroy(kobject_t *o) {
    pci_dev_obj_t *d = (pci_dev_obj_t *)o;
    d->dev->opened = false;
    kfree(d);
}

static cap_err_t bus_count(void *ctx, uint32_t *n) {
    (void)ctx;
    *n = pci_devices.count;
    return CAP_OK;
}

static cap_err_t bus_info(void *ctx, uint32_t index, uint32_t *bdf, uint32_t *vendor,
                          uint32_t *device, uint32_t *class_code, uint32_t *irq_line) {
    (void)ctx;
    if (index >= pci_devices.count)
        return CAP_ERR_NOT_FOUND;
    const pci_device_t *d = &pci_devices.dev[index];
    *bdf = d->bdf;
    *vendor = d->vendor;
    *device = d->device;
    *class_code = d->class_code;
    *irq_line = d->irq_line;
    return CAP_OK;
}

static cap_err_t bus_open(void *ctx, uint32_t index, cap_t *out) {
    kctx_t *k = ctx;
    if (index >= pci_devices.count)
        return CAP_ERR_NOT_FOUND;
    pci_device_t *dev = &pci_devices.dev[index];
    if (dev->opened)
        return CAP_ERR_EXISTS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    pci_dev_obj_t *o = kzalloc(sizeof(*o));
    if (!o)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&o->ko, CAP_TYPE_PCI_DEVICE);
    o->dev = dev;
    dev->opened = true;
    /* DERIVE only narrows: whoever opens it (init, for a pci: grant) can
     * hand on a copy with a narrower scope */
    return kctx_give(
        k,
        kobject_hold(&o->ko, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER | CAP_RIGHT_DERIVE, k->hold.scope),
        out);
}

static const pci_device_t *dev_of(void *ctx) {
    return ((pci_dev_obj_t *)((kctx_t *)ctx)->hold.obj)->dev;
}

static cap_err_t dev_bar(void *ctx, uint32_t index, uint32_t *kind, uint64_t *base,
                         uint64_t *size) {
    if (index >= PCI_MAX_BARS)
        return CAP_ERR_BAD_ARGS;
    const pci_bar_t *b = &dev_of(ctx)->bar[index];
    *kind = b->kind;
    *base = b->base;
    *size = b->size;
    return CAP_OK;
}

static cap_err_t dev_map_bar(void *ctx, uint32_t index, uint64_t vaddr) {
    kctx_t *k = ctx;
    if (index >= PCI_MAX_BARS || dev_of(ctx)->bar[index].kind != PCI_BAR_MMIO)
        return CAP_ERR_BAD_ARGS;
    const pci_bar_t *b = &dev_of(ctx)->bar[index];
    uint64_t pages = (b->size + PAGE_SIZE - 1) / PAGE_SIZE;
    if ((b->base & (PAGE_SIZE - 1)) || (vaddr & (PAGE_SIZE - 1)) || vaddr < 0x100000 ||
        pages > MAX_BAR_PAGES || vaddr >= USER_SPACE_END ||
        pages * PAGE_SIZE > USER_SPACE_END - vaddr)
        return CAP_ERR_BAD_ARGS;
    for (uint64_t i = 0; i < pages; i++)
        if (vm_lookup(&k->proc->vm, vaddr + i * PAGE_SIZE))
            return CAP_ERR_EXISTS;
    for (uint64_t i = 0; i < pages; i++) {
        cap_err_t e = vm_map_page(&k->proc->vm, vaddr + i * PAGE_SIZE, b->base + i * PAGE_SIZE,
                                  PTE_W | PTE_NX | PTE_PCD | PTE_PWT, PTE_KIND_SHARED);
        if (e != CAP_OK) {
            for (uint64_t j = 0; j < i; j++)
                vm_unmap_page(&k->proc->vm, vaddr + j * PAGE_SIZE);
            return e;
        }
    }
    return CAP_OK;
}

static cap_err_t dev_io_bar(void *ctx, uint32_t index, cap_t *out) {
    kctx_t *k = ctx;
    if (index >= PCI_MAX_BARS || dev_of(ctx)->bar[index].kind != PCI_BAR_IO)
        return CAP_ERR_BAD_ARGS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    ioports_t *p = kzalloc(sizeof(*p));
    if (!p)
        return CAP_ERR_NO_MEMORY;
    kobject_init(&p->ko, CAP_TYPE_IOPORTS);
    p->base = (uint32_t)dev_of(ctx)->bar[index].base;
    p->count = (uint32_t)dev_of(ctx)->bar[index].size;
    uint32_t rights =
        CAP_RIGHT_CALL | CAP_RIGHT_DERIVE | CAP_RIGHT_TRANSFER | CAP_RIGHT_READ | CAP_RIGHT_WRITE;
    return kctx_give(k, kobject_hold(&p->ko, rights, k->hold.scope), out);
}

static cap_err_t dev_enable(void *ctx, uint32_t bus_master) {
    uint32_t bdf = dev_of(ctx)->bdf, cmd = pci_cfg_read(bdf, 0x04) & 0xffff;
    cmd |= 0x3u | (bus_master ? 0x4u : 0);
    pci_cfg_write(bdf, 0x04, cmd);
    return CAP_OK;
}

static cap_err_t dev_config_read(void *ctx, uint32_t offset, uint32_t *value) {
    if (offset > 0xfc || (offset & 3))
        return CAP_ERR_BAD_ARGS;
    *value = pci_cfg_read(dev_of(ctx)->bdf, offset);
    return CAP_OK;
}

/* The device's legacy interrupt line as an Irq, once per PciDevice object.
 * The line has one owner however it was claimed: a line IrqControl (or
 * another device sharing it) already gave out is EXISTS. */
static cap_err_t dev_irq(void *ctx, cap_t *out) {
    kctx_t *k = ctx;
    pci_dev_obj_t *o = (pci_dev_obj_t *)k->hold.obj;
    const pci_device_t *d = o->dev;
    irq_t *q;
    if (!d->irq_pin || d->irq_line == 0xff)
        return CAP_ERR_NOT_FOUND;
    if (o->irq_taken)
        return CAP_ERR_EXISTS;
    if (cap_table_free_slots(k->proc->caps) < 1)
        return CAP_ERR_NO_SLOTS;
    cap_err_t e = irq_claim_line(d->irq_line, &q);
    if (e == CAP_ERR_BAD_ARGS)
        return CAP_ERR_NOT_FOUND; /* routed to no line a driver can own */
    if (e != CAP_OK)
        return e;
    o->irq_taken = true;
    return kctx_give(
        k,
        kobject_hold(&q->ko, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER | CAP_RIGHT_DERIVE, k->hold.scope),
        out);
}

static const pci_bus_server_ops_t bus_ops = {
    .count = bus_count, .info = bus_info, .open = bus_open};
static const pci_device_server_ops_t dev_ops = {
    .bar = dev_bar,
    .map_bar = dev_map_bar,
    .io_bar = dev_io_bar,
    .enable = dev_enable,
    .config_read = dev_config_read,
    .irq = dev_irq,
};

cap_err_t pci_bus_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return pci_bus_dispatch(&bus_ops, k, req, rep);
}

cap_err_t pci_device_invoke(kctx_t *k, const ipc_msg_t *req, ipc_msg_t *rep) {
    return pci_device_dispatch(&dev_ops, k, req, rep);
}
