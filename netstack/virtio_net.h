/*
 * The virtio-net NIC (1af4:1000) through the legacy virtio 0.9.5 interface
 * of QEMU's transitional device: registers in I/O BAR 0, one receive and
 * one transmit queue in DMA memory, no offloads (every checksum is lwIP's).
 *
 * Buffers are fixed: NET_RX_BUFFERS receive buffers stay posted and are
 * handed back as soon as a frame is copied out; NET_TX_BUFFERS transmit
 * buffers are reused when the device is done with them (no transmit
 * interrupts: completions are collected when buffers are needed and each
 * loop turn). A full transmit ring drops the frame; TCP resends.
 *
 * Telling the device about new buffers is an I/O port write, the most
 * expensive thing the driver does (the emulated device runs then), so
 * frames are announced in batches: by nic_kick when the service goes idle,
 * or as soon as NET_TX_KICK_BATCH wait. Likewise the receive interrupt is
 * off while the service is busy anyway (nic_rx_quiet) and back on before
 * it waits (nic_rx_arm).
 */
#ifndef CAPOS_NETSTACK_VIRTIO_NET_H
#define CAPOS_NETSTACK_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"
#include "net_limits.h"
#include "virtq.h"

#define NIC_FRAME_MAX 1514u /* Ethernet frame without FCS */

typedef struct {
    cap_t device; /* PciDevice */
    cap_t irq;    /* Irq of its legacy interrupt line (PciDevice.irq) */
    cap_t ports;  /* IoPorts of BAR 0 */
    cap_t dma;    /* SharedMemory (DMA) holding queues and buffers */
    uint32_t irq_line;
    uint8_t mac[6];
    virtq_t rx, tx;
    uint8_t *rx_bufs, *tx_bufs;
    uint64_t rx_phys, tx_phys;
    uint16_t tx_free[NET_TX_BUFFERS];
    uint32_t tx_nfree;
    uint64_t rx_frames, tx_frames, tx_dropped, rx_bad, kick_failures;
} nic_t;

/* Takes the NIC's PciDevice (granted by the manifest: a 1af4:1000 device,
 * NOT_SUPPORTED for any other), claims its interrupt (nic->irq; nic->irq_line
 * is the line, from the interrupt line register), resets the device and
 * brings both queues up with buffers in DMA memory paid by memory. */
cap_err_t nic_open(nic_t *nic, cap_t device, cap_t memory) __attribute__((warn_unused_result));

/* The next received frame (without the virtio header), in place; false
 * when none. The buffer is the device's again after nic_rx_done. */
bool nic_rx_next(nic_t *nic, const uint8_t **frame, uint32_t *len, uint16_t *id);
void nic_rx_done(nic_t *nic, uint16_t id);
/* True when frames are waiting (nothing is taken). */
bool nic_rx_pending(const nic_t *nic);
/* No receive interrupts: the service polls while it is busy. */
void nic_rx_quiet(nic_t *nic);
/* Receive interrupts on again before waiting; false when frames arrived
 * meanwhile (take them instead of waiting). */
bool nic_rx_arm(nic_t *nic);

/* A transmit buffer for a frame of up to NIC_FRAME_MAX bytes; NULL when
 * all are in flight. */
uint8_t *nic_tx_buffer(nic_t *nic, uint16_t *id);
void nic_tx_submit(nic_t *nic, uint16_t id, uint32_t len);

/* True when frames were queued since the last nic_kick. */
bool nic_tx_unannounced(const nic_t *nic);
/* Tells the device about buffers posted since the last call, when it asks
 * for that. */
cap_err_t nic_kick(nic_t *nic) __attribute__((warn_unused_result));
/* Reads (and so clears) the interrupt status: the device lowers its line. */
cap_err_t nic_interrupt_status(nic_t *nic, uint32_t *isr) __attribute__((warn_unused_result));

#endif
