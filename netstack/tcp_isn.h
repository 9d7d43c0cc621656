/*
 * Initial TCP sequence numbers as RFC 6528 has them: a 4-microsecond clock
 * plus a keyed hash of the connection's addresses and ports, so sequence
 * numbers of one connection say nothing about another's. The key is drawn
 * once from the entropy source at start-up.
 */
#ifndef CAPOS_NETSTACK_TCP_ISN_H
#define CAPOS_NETSTACK_TCP_ISN_H

#include <stdint.h>

#define TCP_ISN_KEY_BYTES 32u

/* Addresses in host order; now_us a monotonic clock in microseconds. */
uint32_t tcp_isn(const uint8_t key[TCP_ISN_KEY_BYTES], uint32_t local_addr, uint16_t local_port,
                 uint32_t remote_addr, uint16_t remote_port, uint64_t now_us);

#endif
