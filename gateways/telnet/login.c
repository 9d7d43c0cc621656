/*
 * A connection's password goes to SessionManager.login (the gateway never
 * sees a verifier); on success the broker's launcher for that session
 * starts the shell with the connection's terminal.
 */
#include "audit_event.h"
#include "capos/idl/broker.h"
#include "capos/idl/process.h"
#include "capos/idl/session.h"
#include "capos/idl/session_manager.h"
#include "gateway.h"

#define GW_SHELL_BINARY "shell"

#define GW_BUNDLE_MAX 5u

/* The session's shell bundle from the broker: its caps with their CapSet
 * names (pointing into names), and which of them is the launcher. */
typedef struct {
    uint8_t names[128];
    cap_t caps[GW_BUNDLE_MAX];
    const char *name[GW_BUNDLE_MAX];
    uint32_t count;
    int32_t launcher;
} gw_bundle_t;

static void bundle_release(gw_bundle_t *b) {
    for (uint32_t i = 0; i < b->count; i++)
        rt_ignore(cap_release(b->caps[i]));
    b->count = 0;
}

/* The broker checks the session; DENIED when the bundle has no launcher
 * (a profile that may not start a shell). */
static cap_err_t bundle_take(const gateway_t *gw, cap_t session, gw_bundle_t *b) {
    char profile[33];
    uint32_t profile_len = 0, names_len = 0, off = 0;
    *b = (gw_bundle_t){.launcher = -1};
    cap_err_t e = authority_broker_shell_bundle(gw->broker, session, profile, sizeof profile - 1,
                                                &profile_len, b->names, sizeof b->names - 1,
                                                &names_len, b->caps, GW_BUNDLE_MAX, &b->count);
    if (e != CAP_OK)
        return e;
    b->names[names_len] = 0;
    for (uint32_t i = 0; i < b->count; i++) {
        b->name[i] = off < names_len ? (const char *)b->names + off : "";
        off += (uint32_t)strlen(b->name[i]) + 1;
        if (b->launcher < 0 && !strcmp(b->name[i], "launcher"))
            b->launcher = (int32_t)i;
    }
    if (b->launcher >= 0)
        return CAP_OK;
    bundle_release(b);
    return CAP_ERR_DENIED;
}

/* The shell, in the session, on the connection's terminal, holding the
 * session's bundle (the broker's facets: a shell in a user session cannot
 * hand its Session to the broker itself, the Session's scope keeps it to
 * launcher grants). */
static cap_err_t start_shell(gateway_t *gw, gw_conn_t *c, uint32_t slot) {
    gw_bundle_t b;
    cap_err_t e = bundle_take(gw, c->session, &b);
    if (e != CAP_OK)
        return e;
    rt_grant_t grants[2 + GW_BUNDLE_MAX] = {
        {"terminal", c->terminal, IPC_CAP_MOVE},
        {"session", c->session, IPC_CAP_COPY},
    };
    uint32_t n = 2;
    for (uint32_t i = 0; i < b.count; i++)
        grants[n++] = (rt_grant_t){b.name[i], b.caps[i], IPC_CAP_COPY};
    e = rt_spawn(b.caps[b.launcher], GW_SHELL_BINARY, grants, n, &c->process);
    bundle_release(&b);
    if (e != CAP_OK)
        return e;
    c->terminal = CAP_NULL; /* moved to the shell */
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
