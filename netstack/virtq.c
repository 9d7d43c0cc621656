/* The legacy split virtqueue (contract in virtq.h). Index arithmetic is
 * modulo 2^16 as the virtio spec has it; ring slots are index % size. The
 * fences order the buffer contents before the index that publishes them
 * (and the used element after the index that announced it). */
#include "virtq.h"

static size_t align_up(size_t v) {
    return (v + VIRTQ_ALIGN - 1) & ~(size_t)(VIRTQ_ALIGN - 1);
}

static bool good_size(uint32_t size) {
    return size != 0 && size <= VIRTQ_SIZE_MAX && (size & (size - 1)) == 0;
}

/* Offset of the used ring: after descriptors and avail ring (flags, idx,
 * ring, used_event). */
static size_t used_offset(uint32_t size) {
    return align_up(16u * size + 6u + 2u * size);
}

size_t virtq_bytes(uint32_t size) {
    if (!good_size(size))
        return 0;
    return used_offset(size) + align_up(6u + 8u * size);
}

bool virtq_init(virtq_t *q, void *mem, uint32_t size) {
    if (!good_size(size))
        return false;
    uint8_t *base = mem;
    uint8_t *avail = base + 16u * size;
    uint8_t *used = base + used_offset(size);
    *q = (virtq_t){
        .size = (uint16_t)size,
        .desc = (volatile virtq_desc_t *)base,
        .avail_flags = (volatile uint16_t *)avail,
        .avail_idx = (volatile uint16_t *)(avail + 2),
        .avail_ring = (volatile uint16_t *)(avail + 4),
        .used_flags = (volatile uint16_t *)used,
        .used_idx = (volatile uint16_t *)(used + 2),
        .used_ring = (volatile virtq_used_elem_t *)(used + 4),
    };
    return true;
}

void virtq_set_desc(virtq_t *q, uint16_t id, uint64_t phys, uint32_t len, uint16_t flags) {
    volatile virtq_desc_t *d = &q->desc[id % q->size];
    d->addr = phys;
    d->len = len;
    d->flags = flags;
    d->next = 0;
}

void virtq_post(virtq_t *q, uint16_t id) {
    q->avail_ring[q->next_avail % q->size] = id;
    q->next_avail++;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    *q->avail_idx = q->next_avail;
}

bool virtq_take_used(virtq_t *q, uint16_t *id, uint32_t *len) {
    if (*q->used_idx == q->last_used)
        return false;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    volatile virtq_used_elem_t *e = &q->used_ring[q->last_used % q->size];
    *id = (uint16_t)e->id;
    *len = e->len;
    q->last_used++;
    return true;
}

bool virtq_should_notify(virtq_t *q) {
    if (q->published == q->next_avail)
        return false;
    q->published = q->next_avail;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the index is stored before the flag is read */
    return !(*q->used_flags & VIRTQ_USED_F_NO_NOTIFY);
}

uint16_t virtq_in_flight(const virtq_t *q) {
    return (uint16_t)(q->next_avail - q->last_used);
}

uint16_t virtq_unannounced(const virtq_t *q) {
    return (uint16_t)(q->next_avail - q->published);
}

bool virtq_interrupts(virtq_t *q, bool on) {
    *q->avail_flags = on ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
    if (!on)
        return false;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the flag is stored before the index is read */
    return *q->used_idx != q->last_used;
}
