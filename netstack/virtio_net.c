/* The legacy virtio-net driver (contract in virtio_net.h). Register
 * offsets are the virtio 0.9.5 PCI layout without MSI-X. */
#include "virtio_net.h"
#include "capos/rt.h"
#include "capos/idl/ioports.h"
#include "capos/idl/memory.h"
#include "capos/idl/pci.h"
#include "capos/idl/shm.h"

#define VIRTIO_VENDOR 0x1af4u
#define VIRTIO_NET_LEGACY_DEVICE 0x1000u

#define REG_HOST_FEATURES 0x00u
#define REG_GUEST_FEATURES 0x04u
#define REG_QUEUE_PFN 0x08u
#define REG_QUEUE_SIZE 0x0cu
#define REG_QUEUE_SELECT 0x0eu
#define REG_QUEUE_NOTIFY 0x10u
#define REG_STATUS 0x12u
#define REG_ISR 0x13u
#define REG_MAC 0x14u

#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FAILED 0x80u

#define FEATURE_MAC (1u << 5)

#define QUEUE_RX 0u
#define QUEUE_TX 1u

/* The legacy header without merged receive buffers. */
#define NET_HDR_BYTES 10u

/* Where the DMA memory is mapped in this process. */
#define DMA_VADDR 0x0000300000000000ull

_Static_assert(NET_HDR_BYTES + NIC_FRAME_MAX <= NET_FRAME_BUFFER_BYTES, "a frame fits a buffer");

static cap_err_t reg_read(const nic_t *nic, uint32_t off, uint32_t width, uint32_t *v) {
    return io_ports_read(nic->ports, off, width, v);
}

static cap_err_t reg_write(const nic_t *nic, uint32_t off, uint32_t width, uint32_t v) {
    return io_ports_write(nic->ports, off, width, v);
}

#define PCI_REG_ID 0x00u
#define PCI_REG_IRQ 0x3cu

/* The granted device must be a legacy virtio-net NIC; its interrupt line
 * (for the start-up line) and its interrupt as an Irq. */
static cap_err_t check_device(nic_t *nic) {
    uint32_t id = 0, irq = 0;
    cap_err_t e = pci_device_config_read(nic->device, PCI_REG_ID, &id);
    if (e == CAP_OK && id != (VIRTIO_NET_LEGACY_DEVICE << 16 | VIRTIO_VENDOR))
        e = CAP_ERR_NOT_SUPPORTED;
    if (e == CAP_OK)
        e = pci_device_config_read(nic->device, PCI_REG_IRQ, &irq);
    nic->irq_line = irq & 0xffu;
    if (e == CAP_OK)
        e = pci_device_irq(nic->device, &nic->irq);
    return e;
}

static cap_err_t queue_size(const nic_t *nic, uint32_t queue, uint32_t *size) {
    cap_err_t e = reg_write(nic, REG_QUEUE_SELECT, 2, queue);
    if (e == CAP_OK)
        e = reg_read(nic, REG_QUEUE_SIZE, 2, size);
    if (e == CAP_OK && virtq_bytes(*size) == 0)
        e = CAP_ERR_NOT_SUPPORTED;
    return e;
}

static cap_err_t queue_activate(const nic_t *nic, uint32_t queue, uint64_t phys) {
    cap_err_t e = reg_write(nic, REG_QUEUE_SELECT, 2, queue);
    return e == CAP_OK ? reg_write(nic, REG_QUEUE_PFN, 4, (uint32_t)(phys >> 12)) : e;
}

/* One DMA region: receive queue, transmit queue, receive buffers,
 * transmit buffers (each queue a multiple of 4 KiB). */
static cap_err_t setup_memory(nic_t *nic, cap_t memory, uint32_t rx_size, uint32_t tx_size,
                              uint64_t *phys) {
    size_t rxq = virtq_bytes(rx_size), txq = virtq_bytes(tx_size);
    size_t bufs = (size_t)(NET_RX_BUFFERS + NET_TX_BUFFERS) * NET_FRAME_BUFFER_BYTES;
    uint32_t pages = (uint32_t)((rxq + txq + bufs + PAGE_SIZE_BYTES - 1) / PAGE_SIZE_BYTES);
    cap_err_t e = memory_create_dma(memory, pages, CAP_SCOPE_SAME_SESSION, &nic->dma);
    if (e == CAP_OK)
        e = shared_memory_map(nic->dma, DMA_VADDR, MAP_PROT_READ | MAP_PROT_WRITE);
    if (e == CAP_OK)
        e = shared_memory_phys(nic->dma, phys);
    if (e != CAP_OK)
        return e;
    uint8_t *base = (uint8_t *)DMA_VADDR;
    memset(base, 0, (size_t)pages * PAGE_SIZE_BYTES);
    if (!virtq_init(&nic->rx, base, rx_size) || !virtq_init(&nic->tx, base + rxq, tx_size))
        return CAP_ERR_NOT_SUPPORTED;
    nic->rx_bufs = base + rxq + txq;
    nic->rx_phys = *phys + rxq + txq;
    nic->tx_bufs = nic->rx_bufs + (size_t)NET_RX_BUFFERS * NET_FRAME_BUFFER_BYTES;
    nic->tx_phys = nic->rx_phys + (uint64_t)NET_RX_BUFFERS * NET_FRAME_BUFFER_BYTES;
    return CAP_OK;
}

static void post_buffers(nic_t *nic) {
    for (uint16_t i = 0; i < NET_RX_BUFFERS; i++) {
        virtq_set_desc(&nic->rx, i, nic->rx_phys + (uint64_t)i * NET_FRAME_BUFFER_BYTES,
                       NET_FRAME_BUFFER_BYTES, VIRTQ_DESC_F_WRITE);
        virtq_post(&nic->rx, i);
    }
    for (uint16_t i = 0; i < NET_TX_BUFFERS; i++)
        nic->tx_free[i] = (uint16_t)(NET_TX_BUFFERS - 1 - i);
    nic->tx_nfree = NET_TX_BUFFERS;
    *nic->tx.avail_flags = VIRTQ_AVAIL_F_NO_INTERRUPT; /* completions are polled */
}

/* Reset, feature negotiation (the MAC address only), queues, DRIVER_OK. */
static cap_err_t bring_up(nic_t *nic, cap_t memory) {
    uint32_t features = 0, rx_size = 0, tx_size = 0, v = 0;
    uint64_t phys = 0;
    cap_err_t e = reg_write(nic, REG_STATUS, 1, 0);
    if (e == CAP_OK)
        e = reg_write(nic, REG_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    if (e == CAP_OK)
        e = reg_read(nic, REG_HOST_FEATURES, 4, &features);
    if (e == CAP_OK && !(features & FEATURE_MAC))
        e = CAP_ERR_NOT_SUPPORTED;
    if (e == CAP_OK)
        e = reg_write(nic, REG_GUEST_FEATURES, 4, FEATURE_MAC);
    for (uint32_t i = 0; e == CAP_OK && i < 6; i++) {
        e = reg_read(nic, REG_MAC + i, 1, &v);
        nic->mac[i] = (uint8_t)v;
    }
    if (e == CAP_OK)
        e = queue_size(nic, QUEUE_RX, &rx_size);
    if (e == CAP_OK)
        e = queue_size(nic, QUEUE_TX, &tx_size);
    if (e == CAP_OK && (rx_size < NET_RX_BUFFERS || tx_size < NET_TX_BUFFERS))
        e = CAP_ERR_NOT_SUPPORTED;
    if (e == CAP_OK)
        e = setup_memory(nic, memory, rx_size, tx_size, &phys);
    if (e == CAP_OK) {
        post_buffers(nic);
        e = queue_activate(nic, QUEUE_RX, phys);
    }
    if (e == CAP_OK)
        e = queue_activate(nic, QUEUE_TX, phys + virtq_bytes(rx_size));
    if (e == CAP_OK)
        e = reg_write(nic, REG_STATUS, 1, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK);
    if (e == CAP_OK)
        e = nic_kick(nic);
    if (e != CAP_OK && nic->ports != CAP_NULL)
        (void)reg_write(nic, REG_STATUS, 1, STATUS_FAILED);
    return e;
}

cap_err_t nic_open(nic_t *nic, cap_t device, cap_t memory) {
    uint32_t kind = 0;
    uint64_t base = 0, size = 0;
    *nic = (nic_t){.device = device};
    cap_err_t e = check_device(nic);
    if (e == CAP_OK)
        e = pci_device_bar(nic->device, 0, &kind, &base, &size);
    if (e == CAP_OK && kind != 2)
        e = CAP_ERR_NOT_SUPPORTED; /* the legacy interface lives in an I/O BAR */
    if (e == CAP_OK)
        e = pci_device_io_bar(nic->device, 0, &nic->ports);
    if (e == CAP_OK)
        e = pci_device_enable(nic->device, 1);
    return e == CAP_OK ? bring_up(nic, memory) : e;
}

bool nic_rx_pending(const nic_t *nic) {
    return *nic->rx.used_idx != nic->rx.last_used;
}

bool nic_rx_next(nic_t *nic, const uint8_t **frame, uint32_t *len, uint16_t *id) {
    uint32_t used_len = 0;
    while (virtq_take_used(&nic->rx, id, &used_len)) {
        /* The device names the buffer and its length: both are checked. */
        if (*id < NET_RX_BUFFERS && used_len > NET_HDR_BYTES &&
            used_len <= NET_HDR_BYTES + NIC_FRAME_MAX) {
            *frame = nic->rx_bufs + (size_t)*id * NET_FRAME_BUFFER_BYTES + NET_HDR_BYTES;
            *len = used_len - NET_HDR_BYTES;
            nic->rx_frames++;
            return true;
        }
        nic->rx_bad++;
        if (*id < NET_RX_BUFFERS)
            nic_rx_done(nic, *id);
    }
    return false;
}

void nic_rx_done(nic_t *nic, uint16_t id) {
    virtq_post(&nic->rx, id);
}

/* Takes back the buffers the device has sent. */
static void reclaim_tx(nic_t *nic) {
    uint16_t id;
    uint32_t len;
    while (virtq_take_used(&nic->tx, &id, &len)) {
        if (id < NET_TX_BUFFERS && nic->tx_nfree < NET_TX_BUFFERS)
            nic->tx_free[nic->tx_nfree++] = id;
    }
}

uint8_t *nic_tx_buffer(nic_t *nic, uint16_t *id) {
    if (nic->tx_nfree == 0)
        reclaim_tx(nic);
    if (nic->tx_nfree == 0) {
        nic->tx_dropped++;
        return NULL;
    }
    *id = nic->tx_free[--nic->tx_nfree];
    uint8_t *buf = nic->tx_bufs + (size_t)*id * NET_FRAME_BUFFER_BYTES;
    memset(buf, 0, NET_HDR_BYTES); /* no offloads requested */
    return buf + NET_HDR_BYTES;
}

void nic_tx_submit(nic_t *nic, uint16_t id, uint32_t len) {
    virtq_set_desc(&nic->tx, id, nic->tx_phys + (uint64_t)id * NET_FRAME_BUFFER_BYTES,
                   NET_HDR_BYTES + len, 0);
    virtq_post(&nic->tx, id);
    nic->tx_frames++;
    if (virtq_unannounced(&nic->tx) >= NET_TX_KICK_BATCH && nic_kick(nic) != CAP_OK)
        nic->kick_failures++; /* the next kick tells the device again */
}

bool nic_tx_unannounced(const nic_t *nic) {
    return virtq_unannounced(&nic->tx) != 0;
}

void nic_rx_quiet(nic_t *nic) {
    (void)virtq_interrupts(&nic->rx, false);
}

bool nic_rx_arm(nic_t *nic) {
    return !virtq_interrupts(&nic->rx, true);
}

cap_err_t nic_kick(nic_t *nic) {
    cap_err_t e = CAP_OK;
    if (virtq_should_notify(&nic->tx))
        e = reg_write(nic, REG_QUEUE_NOTIFY, 2, QUEUE_TX);
    if (e == CAP_OK && virtq_should_notify(&nic->rx))
        e = reg_write(nic, REG_QUEUE_NOTIFY, 2, QUEUE_RX);
    if (nic->tx_nfree < NET_TX_BUFFERS)
        reclaim_tx(nic);
    return e;
}

cap_err_t nic_interrupt_status(nic_t *nic, uint32_t *isr) {
    return reg_read(nic, REG_ISR, 1, isr);
}
