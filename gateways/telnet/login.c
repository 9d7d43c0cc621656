/*
 * A connection's password goes to SessionManager.login (the gateway never
 * sees a verifier); on success the broker's launcher for that session
 * starts the shell with the connection's terminal.
 */
#include "audit_event.h"
#include "capos/idl/process.h"
#include "capos/idl/session.h"
#include "capos/idl/session_manager.h"
#include "gateway.h"
#include "shell_launch.h"

/* The shell, in the session, on the connection's terminal, holding the
 * session's bundle (gateways/common/shell_launch.h). */
static cap_err_t start_shell(gateway_t *gw, gw_conn_t *c, uint32_t slot) {
    cap_err_t e = gw_shell_launch(gw->broker, c->session, &c->terminal, &c->process);
    if (e != CAP_OK)
        return e;
    return process_handle_watch(c->process, gw->events, gw_conn_bit(slot));
}

void gw_login(gateway_t *gw, uint32_t slot, const uint8_t *password, uint32_t len) {
    gw_conn_t *c = &gw->conn[slot];
    cap_t session = CAP_NULL;
    cap_err_t e = session_manager_login(gw->sessions, c->dlg.account,
                                        (uint32_t)strlen(c->dlg.account), password, len, &session);
    uint64_t now = gw_now_ms(gw);
    if (e == CAP_OK && !limits_auth_succeeded(&gw->limits, slot, now)) {
        rt_ignore(session_manager_logout(gw->sessions, session)); /* too late: not honoured */
        rt_ignore(cap_release(session));
        gw_conn_end(gw, slot, "\nLogin timed out.\n");
        return;
    }
    if (e != CAP_OK) {
        if (e != CAP_ERR_UNAVAILABLE && e != CAP_ERR_NO_ENTROPY)
            (void)limits_auth_failed(&gw->limits, slot, now); /* penalised at once */
        gw_conn_act(gw, slot, dlg_login_result(&c->dlg, e, now));
        return;
    }
    c->session = session;
    uint32_t live = 0;
    uint64_t epoch = 0;
    rt_ignore(session_info(session, &live, &epoch, &c->serial));
    (void)dlg_login_result(&c->dlg, CAP_OK, now); /* the dialogue is over */
    e = start_shell(gw, c, slot);
    gw_audit(gw, AUDIT_KIND_SHELL_LAUNCH, e == CAP_OK ? AUDIT_RESULT_OK : AUDIT_RESULT_FAILED,
             c->serial, c->peer_addr, c->peer_port);
    if (e != CAP_OK) {
        char msg[96];
        rt_snprintf(msg, sizeof msg, "\nNo shell for this session (%s).\n", rt_strerror(e));
        gw_conn_end(gw, slot, msg);
    }
}
