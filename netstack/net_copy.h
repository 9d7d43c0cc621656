/*
 * Copying bytes in 8-byte words. The runtime's memcpy is one `rep movsb`,
 * which QEMU's TCG emulates about a byte per step; every byte the netstack
 * moves is copied several times (frame, pbuf, socket ring), so the bulk
 * copies of lwIP (MEMCPY in lwipopts.h) and of the rings use this instead.
 */
#ifndef CAPOS_NETSTACK_NET_COPY_H
#define CAPOS_NETSTACK_NET_COPY_H

#include <stddef.h>

/* memcpy's contract: n bytes, the areas do not overlap. Returns dst. */
void *net_copy(void *dst, const void *src, size_t n);

#endif
