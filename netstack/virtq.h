/*
 * A split virtqueue in the legacy (virtio 0.9.5) layout: descriptor table,
 * then the driver's avail ring, then, at the next 4 KiB boundary, the
 * device's used ring. Pure: it works on memory the caller maps (DMA memory
 * in the driver, a plain buffer in the host tests) and never touches the
 * device; the caller notifies it when virtq_should_notify says so.
 *
 * Every buffer here is one descriptor, and descriptor i always describes
 * buffer i, so a descriptor id doubles as the buffer's index.
 */
#ifndef CAPOS_NETSTACK_VIRTQ_H
#define CAPOS_NETSTACK_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_ALIGN 4096u
#define VIRTQ_SIZE_MAX 1024u /* the largest legacy queue this driver takes */

#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u /* the device writes this buffer (receive) */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u
#define VIRTQ_USED_F_NO_NOTIFY 1u

typedef struct {
    uint64_t addr; /* guest-physical */
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} virtq_desc_t;

typedef struct {
    uint32_t id;
    uint32_t len;
} virtq_used_elem_t;

typedef struct {
    uint16_t size; /* entries, a power of two, <= VIRTQ_SIZE_MAX */
    volatile virtq_desc_t *desc;
    volatile uint16_t *avail_flags;
    volatile uint16_t *avail_idx;
    volatile uint16_t *avail_ring;
    volatile uint16_t *used_flags;
    volatile uint16_t *used_idx;
    volatile virtq_used_elem_t *used_ring;
    uint16_t next_avail; /* the avail index the driver publishes next */
    uint16_t last_used;  /* the used index the driver consumes next */
    uint16_t published;  /* next_avail at the last virtq_should_notify */
} virtq_t;

/* Bytes of a legacy queue of size entries (0 when size is not a power of
 * two in 1..VIRTQ_SIZE_MAX). */
size_t virtq_bytes(uint32_t size);
/* Lays the queue out over mem (virtq_bytes(size) zeroed bytes, 4 KiB
 * aligned); false for a bad size. */
bool virtq_init(virtq_t *q, void *mem, uint32_t size) __attribute__((warn_unused_result));
/* Descriptor id describes one buffer of len bytes at phys. */
void virtq_set_desc(virtq_t *q, uint16_t id, uint64_t phys, uint32_t len, uint16_t flags);
/* Hands descriptor id to the device (visible once its index is stored). */
void virtq_post(virtq_t *q, uint16_t id);
/* The next buffer the device is done with; false when there is none. */
bool virtq_take_used(virtq_t *q, uint16_t *id, uint32_t *len);
/* True when buffers were posted since the last call and the device wants
 * to be told (it clears VIRTQ_USED_F_NO_NOTIFY). */
bool virtq_should_notify(virtq_t *q);
/* Posted buffers the device has not returned yet. */
uint16_t virtq_in_flight(const virtq_t *q);
/* Buffers posted since the last virtq_should_notify. */
uint16_t virtq_unannounced(const virtq_t *q);
/* Asks the device to interrupt (or not) when it returns buffers. Turning
 * them on returns true when buffers were returned meanwhile: the caller
 * takes those instead of waiting for an interrupt that may not come. */
bool virtq_interrupts(virtq_t *q, bool on);

#endif
