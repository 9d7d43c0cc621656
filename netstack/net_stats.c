/* NetInfo.stats: the objects alive now and the calls waiting for a reply
 * (for inspection and leak tests; contract in idl/net.idl). */
#include "netstack.h"

static uint32_t waiting(const pending_t *p) {
    return p->reply != CAP_NULL ? 1u : 0u;
}

net_stats_t net_stats(const netstack_t *ns) {
    net_stats_t st = {0};
    for (uint32_t i = 0; i < NET_TCP_SOCKETS_MAX; i++) {
        if (ns->tcp_slots[i].state != SLOT_USED)
            continue;
        st.tcp_sockets++;
        st.terminals += ns->tcp[i].phase == TCP_TERMINAL;
        st.waiting_calls += waiting(&ns->tcp[i].read) + waiting(&ns->tcp[i].write);
    }
    for (uint32_t i = 0; i < NET_LISTENERS_MAX; i++) {
        if (ns->listener_slots[i].state != SLOT_USED)
            continue;
        st.listeners++;
        st.waiting_calls += waiting(&ns->listeners[i].accept);
    }
    for (uint32_t i = 0; i < NET_UDP_SOCKETS_MAX; i++) {
        if (ns->udp_slots[i].state != SLOT_USED)
            continue;
        st.udp_sockets++;
        st.waiting_calls += waiting(&ns->udp[i].receive);
    }
    for (uint32_t i = 0; i < NET_RESOLVES_MAX; i++)
        st.waiting_calls += waiting(&ns->resolves[i].call);
    return st;
}
