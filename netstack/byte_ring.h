/*
 * A fixed ring of bytes: a TCP socket's receive buffer. Writes take what
 * fits and reads what is there; neither ever blocks or allocates.
 */
#ifndef CAPOS_NETSTACK_BYTE_RING_H
#define CAPOS_NETSTACK_BYTE_RING_H

#include <stdint.h>

typedef struct {
    uint8_t *buf;  /* cap bytes, owned by the caller */
    uint32_t cap;  /* > 0 */
    uint32_t head; /* index of the oldest byte, < cap */
    uint32_t len;  /* bytes held, <= cap */
} byte_ring_t;

void byte_ring_init(byte_ring_t *r, uint8_t *buf, uint32_t cap);
uint32_t byte_ring_len(const byte_ring_t *r);
uint32_t byte_ring_space(const byte_ring_t *r);
/* Appends min(n, space) bytes of src; returns how many. */
uint32_t byte_ring_write(byte_ring_t *r, const void *src, uint32_t n);
/* Moves min(n, len) of the oldest bytes to dst; returns how many. */
uint32_t byte_ring_read(byte_ring_t *r, void *dst, uint32_t n);
/* Copies min(n, len) of the oldest bytes to dst without taking them;
 * returns how many. */
uint32_t byte_ring_peek(const byte_ring_t *r, void *dst, uint32_t n);
/* Takes min(n, len) of the oldest bytes without copying them; returns how
 * many. */
uint32_t byte_ring_drop(byte_ring_t *r, uint32_t n);
/* Drops everything held. */
void byte_ring_clear(byte_ring_t *r);

#endif
