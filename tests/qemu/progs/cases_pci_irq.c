/* PciDevice.irq: the device's legacy interrupt line as an Irq, once per
 * device, and one owner per line whether it was claimed through the
 * device or through IrqControl. Booted with the virtio-net NIC. */
#include "scenario.h"

#define PCI_REG_IRQ 0x3cu

/* Opens the first device vendor:device; its bus index in *index. */
static cap_t open_device(uint32_t want_vendor, uint32_t want_device, uint32_t *index) {
    cap_t bus = rt_cap("pci"), dev = CAP_NULL;
    uint32_t count = 0;
    CHECK(pci_bus_count(bus, &count) == CAP_OK);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t bdf, vendor, device, class_code, irq;
        if (pci_bus_info(bus, i, &bdf, &vendor, &device, &class_code, &irq) == CAP_OK &&
            vendor == want_vendor && device == want_device) {
            CHECK(pci_bus_open(bus, i, &dev) == CAP_OK);
            *index = i;
            return dev;
        }
    }
    CHECK(!"device found");
    return CAP_NULL;
}

/* A device without an interrupt pin (the host bridge, 00:00.0) has no line. */
static void without_line(void) {
    cap_t bus = rt_cap("pci"), dev = CAP_NULL, irq;
    uint32_t count = 0, value = 0;
    CHECK(pci_bus_count(bus, &count) == CAP_OK);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t bdf, vendor, device, class_code, line;
        if (pci_bus_info(bus, i, &bdf, &vendor, &device, &class_code, &line) != CAP_OK ||
            bdf != 0 || pci_bus_open(bus, i, &dev) != CAP_OK)
            continue;
        CHECK(pci_device_config_read(dev, PCI_REG_IRQ, &value) == CAP_OK);
        rt_printf("pci_irq.host_bridge_pin: %u\n", (value >> 8) & 0xff);
        EXPECT_ERR("pci_irq.no_line", pci_device_irq(dev, &irq), CAP_ERR_NOT_FOUND);
        CHECK(cap_release(dev) == CAP_OK);
        return;
    }
    CHECK(!"host bridge found");
}

int case_pci_irq(void) {
    cap_t control = rt_cap("irq_control"), irq = CAP_NULL, again = CAP_NULL, owned = CAP_NULL;
    uint32_t index = 0, value = 0, line;
    cap_t nic = open_device(0x1af4, 0x1000, &index);
    CHECK(pci_device_config_read(nic, PCI_REG_IRQ, &value) == CAP_OK);
    line = value & 0xff;
    rt_printf("pci_irq.nic_line: %u\n", line);
    EXPECT_ERR("pci_irq.first", pci_device_irq(nic, &irq), CAP_OK);
    EXPECT_ERR("pci_irq.twice", pci_device_irq(nic, &again), CAP_ERR_EXISTS);
    EXPECT_ERR("pci_irq.irq_control_same_line", irq_control_claim(control, line, &again),
               CAP_ERR_EXISTS);
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION);
    EXPECT_ERR("pci_irq.bind", irq_bind(irq, n, 0x1), CAP_OK);
    cap_info_t info = {0};
    CHECK(cap_info(irq, &info) == CAP_OK && info.type == CAP_TYPE_IRQ);

    /* the Irq released: the line is free, but this device answered once */
    CHECK(cap_release(irq) == CAP_OK);
    EXPECT_ERR("pci_irq.once_per_device", pci_device_irq(nic, &again), CAP_ERR_EXISTS);
    EXPECT_ERR("pci_irq.irq_control_after_release", irq_control_claim(control, line, &owned),
               CAP_OK);

    /* reopened, the device cannot take the line IrqControl gave out */
    CHECK(cap_release(nic) == CAP_OK);
    CHECK(pci_bus_open(rt_cap("pci"), index, &nic) == CAP_OK);
    EXPECT_ERR("pci_irq.line_owned_elsewhere", pci_device_irq(nic, &again), CAP_ERR_EXISTS);
    CHECK(cap_release(owned) == CAP_OK);
    EXPECT_ERR("pci_irq.line_free_again", pci_device_irq(nic, &irq), CAP_OK);
    without_line();
    return 0;
}
