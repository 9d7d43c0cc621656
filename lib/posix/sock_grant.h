/*
 * Which netstack facet a socket call uses: the CapSet naming convention.
 * Pure: reads a CapSet, makes no capOS calls.
 *
 *   net       (Endpoint) a netstack authority facet (idl/net.idl badges):
 *             connect (bit 16), UDP (bit 17), resolve (bit 18), and the one
 *             port of bits 0-15 to listen or bind on
 *   net:PORT  (Endpoint) a further facet for port PORT (decimal, 1-65535,
 *             no leading zeros), for programs that serve several ports
 *
 * A bind to PORT uses net:PORT when the CapSet has it, else net; the
 * netstack's answer (DENIED: the facet's port is another) is the verdict.
 */
#ifndef POSIX_SOCK_GRANT_H
#define POSIX_SOCK_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"

#define SOCK_GRANT_NET "net"
#define SOCK_GRANT_PORT_PREFIX "net:"

/* Writes "net:PORT" (NUL-terminated) into out; false when port is 0 or
 * above 65535. */
bool sock_grant_port_name(uint32_t port, char out[CAPSET_NAME_MAX]);

/* The facet for port (0: any ephemeral port): net:PORT, else net, else
 * CAP_NULL. *exact tells whether net:PORT was found (may be NULL). */
cap_t sock_grant_for_port(const capset_t *cs, uint32_t port, bool *exact);

/* Whether the CapSet holds any facet of this convention (net or
 * net:PORT): without one, socket() is -EAFNOSUPPORT. */
bool sock_grant_any(const capset_t *cs);

/* The net facet (connect, UDP, resolve), or CAP_NULL. */
cap_t sock_grant_net(const capset_t *cs);

#endif
