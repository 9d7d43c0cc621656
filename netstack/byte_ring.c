/* The byte ring (contract in byte_ring.h): at most two copies per call, one
 * up to the end of the buffer and one from its start. */
#include "byte_ring.h"
#include "net_copy.h"

void byte_ring_init(byte_ring_t *r, uint8_t *buf, uint32_t cap) {
    *r = (byte_ring_t){.buf = buf, .cap = cap};
}

uint32_t byte_ring_len(const byte_ring_t *r) {
    return r->len;
}

uint32_t byte_ring_space(const byte_ring_t *r) {
    return r->cap - r->len;
}

uint32_t byte_ring_write(byte_ring_t *r, const void *src, uint32_t n) {
    const uint8_t *s = src;
    uint32_t space = r->cap - r->len;
    if (n > space)
        n = space;
    uint32_t tail = (r->head + r->len) % r->cap;
    uint32_t first = r->cap - tail < n ? r->cap - tail : n;
    net_copy(r->buf + tail, s, first);
    net_copy(r->buf, s + first, n - first);
    r->len += n;
    return n;
}

uint32_t byte_ring_peek(const byte_ring_t *r, void *dst, uint32_t n) {
    uint8_t *d = dst;
    if (n > r->len)
        n = r->len;
    uint32_t first = r->cap - r->head < n ? r->cap - r->head : n;
    net_copy(d, r->buf + r->head, first);
    net_copy(d + first, r->buf, n - first);
    return n;
}

uint32_t byte_ring_drop(byte_ring_t *r, uint32_t n) {
    if (n > r->len)
        n = r->len;
    r->head = (r->head + n) % r->cap;
    r->len -= n;
    if (r->len == 0)
        r->head = 0; /* keeps the next reads contiguous */
    return n;
}

uint32_t byte_ring_read(byte_ring_t *r, void *dst, uint32_t n) {
    return byte_ring_drop(r, byte_ring_peek(r, dst, n));
}

void byte_ring_clear(byte_ring_t *r) {
    r->head = 0;
    r->len = 0;
}
