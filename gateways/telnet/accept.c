/*
 * New connections: the limits decide (penalised source, full table, too many
 * still logging in), then the socket becomes a Telnet terminal, gets the
 * banner and the first prompt.
 */
#include "audit_event.h"
#include "capos/idl/net.h"
#include "gateway.h"
#include "telnet_encode.h"

static const char *refusal_text(limits_verdict_t v) {
    if (v == LIMITS_REFUSED_PENALTY)
        return "capOS telnet: not accepting connections from your address right now.\r\n";
    return "capOS telnet: too many connections; try again later.\r\n";
}

/* A refused socket: one line if it fits at once, then closed. */
static void refuse(gateway_t *gw, cap_t sock, limits_verdict_t v, uint32_t addr, uint32_t port) {
    const char *text = refusal_text(v);
    uint32_t written = 0;
    rt_ignore(tcp_socket_try_write(sock, (const uint8_t *)text, (uint32_t)strlen(text), &written));
    /* Discarding what the client already sent keeps the window whole, so
     * the close is a FIN after the line, not a reset that loses it. */
    rt_ignore(tcp_socket_shutdown(sock, 2));
    rt_ignore(tcp_socket_close(sock));
    rt_ignore(cap_release(sock));
    gw_audit(gw, AUDIT_KIND_CONNECTION, AUDIT_RESULT_DENIED, 0, addr, port);
}

/* The socket on slot becomes a terminal; false if it cannot. */
static bool open_terminal(gateway_t *gw, uint32_t slot, cap_t sock) {
    gw_conn_t *c = &gw->conn[slot];
    static const char banner[] = TELNET_BANNER_TEXT "\n";
    cap_err_t e =
        tcp_socket_into_terminal_session(sock, GW_PROTOCOL_TELNET, &c->terminal, &c->control);
    rt_ignore(cap_release(sock));
    if (e == CAP_OK)
        e = terminal_control_watch(c->control, gw->events, gw_conn_bit(slot));
    if (e == CAP_OK) /* plain text: the terminal encodes it for the wire */
        e = terminal_control_write(c->control, (const uint8_t *)banner, sizeof(banner) - 1);
    if (e != CAP_OK)
        rt_printf("telnetd: connection %u.%u.%u.%u:%u: %s\n", c->peer_addr >> 24,
                  (c->peer_addr >> 16) & 0xff, (c->peer_addr >> 8) & 0xff, c->peer_addr & 0xff,
                  c->peer_port, rt_strerror(e));
    return e == CAP_OK;
}

void gw_accept_all(gateway_t *gw) {
    for (;;) {
        cap_t sock = CAP_NULL;
        uint32_t addr = 0, port = 0, slot = 0;
        uint64_t retry = 0;
        if (tcp_listener_try_accept(gw->listener, &sock, &addr, &port) != CAP_OK)
            return;
        uint64_t now = gw_now_ms(gw);
        limits_verdict_t v =
            limits_accept(&gw->limits, penalty_source_ipv4(addr), now, &slot, &retry);
        if (v != LIMITS_ACCEPTED) {
            refuse(gw, sock, v, addr, port);
            continue;
        }
        gw_conn_t *c = &gw->conn[slot];
        *c = (gw_conn_t){.used = true, .peer_addr = addr, .peer_port = port};
        dlg_init(&c->dlg, DLG_ATTEMPTS_DEFAULT);
        gw_audit(gw, AUDIT_KIND_CONNECTION, AUDIT_RESULT_OK, 0, addr, port);
        if (!open_terminal(gw, slot, sock)) {
            gw_conn_end(gw, slot, NULL);
            continue;
        }
        gw_conn_start(gw, slot); /* the first prompt */
    }
}
