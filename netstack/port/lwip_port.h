/*
 * The platform under lwIP: its clock (sys_now, from the TSC at the rate the
 * Clock capability reports, so reading it costs no system call), random
 * numbers (LWIP_RAND: DHCP transaction ids, DNS ids and ports) and the key
 * of the initial sequence numbers, both from the EntropySource capability.
 * lwIP calls these without a context, so their state is file-static in
 * lwip_port.c, set once by lwip_port_init.
 */
#ifndef CAPOS_NETSTACK_LWIP_PORT_H
#define CAPOS_NETSTACK_LWIP_PORT_H

#include <stdint.h>
#include "capos/abi.h"

cap_err_t lwip_port_init(cap_t clock, cap_t entropy) __attribute__((warn_unused_result));
/* Milliseconds and microseconds since lwip_port_init. */
uint64_t lwip_port_now_ms(void);
uint64_t lwip_port_now_us(void);

#endif
