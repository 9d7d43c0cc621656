/* Badge decoding and the facet policy (contract in net_badge.h). */
#include "net_badge.h"
#include "capos/idl/net.h"
#include "capos/idl/terminal.h"

#define KIND_SHIFT 56
#define KIND_MASK 0x7full
#define GENERATION_SHIFT 32
#define GENERATION_MASK 0xffffffull

net_facet_t net_badge_decode(uint64_t badge) {
    net_facet_t f = {.kind = NET_FACET_INVALID};
    if (!(badge & NET_BADGE_OBJECT)) {
        if (badge != 0 && (badge & ~NET_AUTH_ALL_BITS) == 0) {
            f.kind = NET_FACET_AUTHORITY;
            f.authority = badge;
        }
        return f;
    }
    uint64_t kind = (badge >> KIND_SHIFT) & KIND_MASK;
    if (kind >= NET_FACET_LISTENER && kind <= NET_FACET_TERM_CONTROL) {
        f.kind = (net_facet_kind_t)kind;
        f.index = (uint32_t)badge;
        f.generation = (uint32_t)((badge >> GENERATION_SHIFT) & GENERATION_MASK);
    }
    return f;
}

uint64_t net_badge_object(net_facet_kind_t kind, uint32_t index, uint32_t generation) {
    return NET_BADGE_OBJECT | ((uint64_t)kind & KIND_MASK) << KIND_SHIFT |
           ((uint64_t)generation & GENERATION_MASK) << GENERATION_SHIFT | index;
}

/* The one interface each kind of object speaks. */
static uint32_t object_interface(net_facet_kind_t kind) {
    switch (kind) {
    case NET_FACET_LISTENER:
        return TCP_LISTENER_IFACE_ID;
    case NET_FACET_TCP_SOCKET:
        return TCP_SOCKET_IFACE_ID;
    case NET_FACET_UDP_SOCKET:
        return UDP_SOCKET_IFACE_ID;
    case NET_FACET_TERMINAL:
        return TERMINAL_SESSION_IFACE_ID;
    case NET_FACET_TERM_CONTROL:
        return TERMINAL_CONTROL_IFACE_ID;
    default:
        return UINT32_MAX;
    }
}

/* The authority bit an interface of authority facets needs; 0 for none
 * (listening needs a port instead), UINT64_MAX for interfaces authority
 * facets do not speak. */
static uint64_t needed_authority(uint32_t iface) {
    switch (iface) {
    case TCP_LISTEN_AUTHORITY_IFACE_ID:
    case NET_INFO_IFACE_ID:
        return 0;
    case TCP_CONNECTOR_IFACE_ID:
        return NET_AUTH_CONNECT;
    case UDP_AUTHORITY_IFACE_ID:
        return NET_AUTH_UDP;
    case RESOLVER_IFACE_ID:
        return NET_AUTH_RESOLVE;
    case NET_TIMER_IFACE_ID:
        return NET_AUTH_TIMER;
    default:
        return UINT64_MAX;
    }
}

cap_err_t net_facet_check(const net_facet_t *f, uint32_t iface) {
    if (f->kind == NET_FACET_INVALID)
        return CAP_ERR_DENIED;
    if (f->kind != NET_FACET_AUTHORITY)
        return iface == object_interface(f->kind) ? CAP_OK : CAP_ERR_BAD_METHOD;
    uint64_t need = needed_authority(iface);
    if (need == UINT64_MAX)
        return CAP_ERR_BAD_METHOD;
    if (iface == TCP_LISTEN_AUTHORITY_IFACE_ID && net_facet_port(f) == 0)
        return CAP_ERR_DENIED;
    return (f->authority & need) == need ? CAP_OK : CAP_ERR_DENIED;
}

uint16_t net_facet_port(const net_facet_t *f) {
    return f->kind == NET_FACET_AUTHORITY ? (uint16_t)(f->authority & NET_AUTH_PORT_MASK) : 0;
}

bool net_may_listen(const net_facet_t *f, uint32_t port) {
    return port != 0 && port == net_facet_port(f);
}

bool net_may_bind_udp(uint64_t authority, uint32_t port) {
    return (authority & NET_AUTH_UDP) &&
           (port == 0 || (port <= 0xffffu && port == (authority & NET_AUTH_PORT_MASK)));
}
