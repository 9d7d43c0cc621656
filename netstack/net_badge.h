/*
 * What a call's badge lets it do (the table is in idl/net.idl). Two kinds
 * of badge reach the netstack:
 *
 *   authority facets, set by the manifest (export:netstack.net/BADGE):
 *     bits 0-15 PORT, bit 16 CONNECT, bit 17 UDP, bit 18 RESOLVE,
 *     bit 19 TIMER; every other bit 0
 *   objects the netstack minted itself:
 *     bit 63 set, bits 56-62 kind, bits 32-55 generation, bits 0-31 index
 *
 * Badge 0 (unbadged) and anything else is no facet at all. The manifest
 * must not hand out badges with bit 63 set: those name objects.
 */
#ifndef CAPOS_NETSTACK_NET_BADGE_H
#define CAPOS_NETSTACK_NET_BADGE_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"

#define NET_AUTH_PORT_MASK 0xffffull
#define NET_AUTH_CONNECT (1ull << 16)
#define NET_AUTH_UDP (1ull << 17)
#define NET_AUTH_RESOLVE (1ull << 18)
#define NET_AUTH_TIMER (1ull << 19)
#define NET_AUTH_ALL_BITS ((1ull << 20) - 1)
#define NET_BADGE_OBJECT (1ull << 63)

typedef enum {
    NET_FACET_INVALID = 0,
    NET_FACET_AUTHORITY = 1,
    NET_FACET_LISTENER = 2,
    NET_FACET_TCP_SOCKET = 3,
    NET_FACET_UDP_SOCKET = 4,
    NET_FACET_TERMINAL = 5,     /* TerminalSession of a TCP socket turned terminal */
    NET_FACET_TERM_CONTROL = 6, /* TerminalControl of the same */
} net_facet_kind_t;

typedef struct {
    net_facet_kind_t kind;
    uint64_t authority;  /* NET_FACET_AUTHORITY: the badge's bits */
    uint32_t index;      /* objects: slot index */
    uint32_t generation; /* objects: slot generation */
} net_facet_t;

net_facet_t net_badge_decode(uint64_t badge);
/* The badge of an object (kind not NET_FACET_AUTHORITY or INVALID). */
uint64_t net_badge_object(net_facet_kind_t kind, uint32_t index, uint32_t generation);

/* May this facet call interface iface? CAP_OK, DENIED (an authority facet
 * without that authority, or no facet at all) or BAD_METHOD (an interface
 * this kind of facet does not speak). */
cap_err_t net_facet_check(const net_facet_t *f, uint32_t iface);

/* The facet's port (0: none). */
uint16_t net_facet_port(const net_facet_t *f);
/* TcpListenAuthority.listen(port): only the facet's own, non-zero port. */
bool net_may_listen(const net_facet_t *f, uint32_t port);
/* UdpSocket.bind(port) by a socket opened through a facet of this
 * authority: 0 (ephemeral) or the facet's port. */
bool net_may_bind_udp(uint64_t authority, uint32_t port);

#endif
