/* The datagram queue (contract in dgram_queue.h). */
#include "dgram_queue.h"

void dgram_queue_init(dgram_queue_t *q) {
    q->head = 0;
    q->count = 0;
    q->dropped = 0;
}

bool dgram_queue_empty(const dgram_queue_t *q) {
    return q->count == 0;
}

bool dgram_queue_push(dgram_queue_t *q, uint32_t addr, uint16_t port, const void *data,
                      uint32_t len) {
    if (q->count == NET_UDP_QUEUE_DATAGRAMS) {
        q->dropped++;
        return false;
    }
    dgram_t *d = &q->slots[(q->head + q->count) % NET_UDP_QUEUE_DATAGRAMS];
    d->addr = addr;
    d->port = port;
    d->len = (uint16_t)(len < NET_DATAGRAM_BYTES_MAX ? len : NET_DATAGRAM_BYTES_MAX);
    __builtin_memcpy(d->data, data, d->len);
    q->count++;
    return true;
}

bool dgram_queue_pop(dgram_queue_t *q, uint32_t *addr, uint16_t *port, void *dst, uint32_t max,
                     uint32_t *len) {
    if (q->count == 0)
        return false;
    const dgram_t *d = &q->slots[q->head];
    *addr = d->addr;
    *port = d->port;
    *len = d->len < max ? d->len : max;
    __builtin_memcpy(dst, d->data, *len);
    q->head = (q->head + 1) % NET_UDP_QUEUE_DATAGRAMS;
    q->count--;
    return true;
}
