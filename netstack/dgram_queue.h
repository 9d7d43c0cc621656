/*
 * The receive queue of a UDP socket: a fixed number of datagrams, each cut
 * to NET_DATAGRAM_BYTES_MAX. A datagram that finds the queue full is
 * dropped and counted, so a socket nobody reads costs a bounded amount.
 */
#ifndef CAPOS_NETSTACK_DGRAM_QUEUE_H
#define CAPOS_NETSTACK_DGRAM_QUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include "net_limits.h"

typedef struct {
    uint32_t addr; /* sender, host order */
    uint16_t port;
    uint16_t len;
    uint8_t data[NET_DATAGRAM_BYTES_MAX];
} dgram_t;

typedef struct {
    dgram_t slots[NET_UDP_QUEUE_DATAGRAMS];
    uint32_t head;  /* oldest datagram */
    uint32_t count; /* datagrams held */
    uint64_t dropped;
} dgram_queue_t;

void dgram_queue_init(dgram_queue_t *q);
bool dgram_queue_empty(const dgram_queue_t *q);
/* Queues a datagram (its first NET_DATAGRAM_BYTES_MAX bytes); false, and
 * counted as dropped, when the queue is full. */
bool dgram_queue_push(dgram_queue_t *q, uint32_t addr, uint16_t port, const void *data,
                      uint32_t len);
/* The oldest datagram, cut to max bytes, leaves the queue; false when empty. */
bool dgram_queue_pop(dgram_queue_t *q, uint32_t *addr, uint16_t *port, void *dst, uint32_t max,
                     uint32_t *len);

#endif
