/*
 * telnetd: capabilities, the listener, and the event loop (README.md).
 */
#include "capos/idl/clock.h"
#include "capos/idl/memory.h"
#include "capos/idl/net.h"
#include "capos/idl/notification.h"
#include "gateway.h"

uint64_t gw_now_ms(const gateway_t *gw) {
    uint64_t ns = 0;
    rt_ignore(clock_now(gw->clock, &ns));
    return ns / 1000000u;
}

uint64_t gw_conn_bit(uint32_t slot) {
    return 1ull << (1u + slot % GW_CONN_BITS);
}

/* The earliest grace deadline or end of a pause; UINT64_MAX if none. */
static uint64_t next_deadline(const gateway_t *gw) {
    uint64_t d = limits_next_deadline(&gw->limits);
    for (uint32_t i = 0; i < LIMITS_SLOTS_MAX; i++) {
        uint64_t c = gw->conn[i].used ? dlg_deadline(&gw->conn[i].dlg) : UINT64_MAX;
        d = c < d ? c : d;
    }
    return d;
}

static cap_err_t wait_events(const gateway_t *gw, uint64_t *bits) {
    uint64_t deadline = next_deadline(gw);
    if (deadline == UINT64_MAX)
        return notification_wait(gw->events, bits);
    return notification_wait_until(gw->events, deadline * 1000000u, bits);
}

static void serve(gateway_t *gw) {
    uint64_t bits = GW_LISTENER_BIT;
    for (;;) {
        if (bits & GW_LISTENER_BIT)
            gw_accept_all(gw);
        for (uint32_t i = 0; i < LIMITS_SLOTS_MAX; i++)
            if (gw->conn[i].used && (bits & gw_conn_bit(i)))
                gw_conn_service(gw, i);
        uint64_t now = gw_now_ms(gw);
        uint32_t slot = 0;
        while (limits_next_expired(&gw->limits, now, &slot))
            gw_conn_end(gw, slot, "\nLogin timed out.\n");
        for (uint32_t i = 0; i < LIMITS_SLOTS_MAX; i++)
            if (gw->conn[i].used)
                gw_conn_tick(gw, i, now);
        cap_err_t e = wait_events(gw, &bits);
        if (e != CAP_OK) {
            rt_printf("telnetd: waiting for events failed: %s\n", rt_strerror(e));
            return;
        }
    }
}

/* Every capability the gateway needs, or why not. */
static const char *take_caps(gateway_t *gw, cap_t *net, cap_t *memory) {
    *net = rt_cap("net");
    *memory = rt_cap("memory");
    gw->clock = rt_cap("clock");
    gw->sessions = rt_cap("sessions");
    gw->broker = rt_cap("broker");
    gw->audit = rt_cap("audit");
    if (*net == CAP_NULL)
        return "no 'net' (the netstack's facet for port 23)";
    if (*memory == CAP_NULL)
        return "no 'memory' (for its notification)";
    if (gw->clock == CAP_NULL)
        return "no 'clock'";
    if (gw->sessions == CAP_NULL)
        return "no 'sessions' (SessionManager)";
    if (gw->broker == CAP_NULL)
        return "no 'broker' (AuthorityBroker shell facet)";
    return NULL;
}

int main(void) {
    static gateway_t gw;
    cap_t net = CAP_NULL, memory = CAP_NULL;
    const char *missing = take_caps(&gw, &net, &memory);
    if (missing) {
        rt_printf("telnetd: %s; not starting\n", missing);
        return 1;
    }
    penalty_config_t pc = penalty_config_default();
    limits_config_t lc = limits_config_default();
    if (!penalty_init(&gw.penalties, &pc) || !limits_init(&gw.limits, &lc, &gw.penalties)) {
        rt_printf("telnetd: bad limits configuration\n");
        return 1;
    }
    cap_err_t e = memory_create_notification(memory, CAP_SCOPE_SAME_SESSION, &gw.events);
    if (e == CAP_OK)
        e = tcp_listen_authority_listen(net, GW_PORT, GW_BACKLOG, &gw.listener);
    if (e == CAP_OK)
        e = tcp_listener_watch(gw.listener, gw.events, GW_LISTENER_BIT);
    if (e != CAP_OK) {
        rt_printf("telnetd: cannot listen on port %u: %s\n", GW_PORT, rt_strerror(e));
        return 1;
    }
    rt_printf("telnetd: listening on port %u (unencrypted; %u connections, %u logging in, %u s "
              "to log in)\n",
              GW_PORT, lc.max_conns, lc.max_unauth, lc.grace_ms / 1000u);
    serve(&gw);
    return 1;
}
