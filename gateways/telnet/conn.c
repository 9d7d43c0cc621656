/*
 * One connection's life after accept: the dialogue's actions (prompts,
 * pauses, closing), the shell's exit and the peer going away, and the end
 * that releases everything and writes the audit record.
 */
#include "audit_event.h"
#include "capos/idl/net.h"
#include "capos/idl/process.h"
#include "capos/idl/session_manager.h"
#include "gateway.h"
#include "capos/secure_zero.h"

static void say(const gw_conn_t *c, const char *text) {
    size_t n = strlen(text);
    if (n > 0) /* best effort: a peer that does not read misses it */
        rt_ignore(terminal_control_write(c->control, (const uint8_t *)text, (uint32_t)n));
}

/* Carries out what the dialogue asked for. */
void gw_conn_act(gateway_t *gw, uint32_t slot, dlg_action_t a) {
    gw_conn_t *c = &gw->conn[slot];
    cap_err_t e = CAP_OK;
    switch (a) {
    case DLG_DO_PROMPT_ACCOUNT:
        e = terminal_control_begin_read_line(c->control, "login: ", 7, DLG_ACCOUNT_MAX, 0, 1);
        break;
    case DLG_DO_PROMPT_PASSWORD:
        e = terminal_control_begin_read_line(c->control, "Password: ", 10, DLG_PASSWORD_MAX, 1, 1);
        break;
    case DLG_DO_PAUSE:
        say(c, dlg_message_text(c->dlg.message));
        break;
    case DLG_DO_CLOSE:
        gw_conn_end(gw, slot, dlg_message_text(c->dlg.message));
        return;
    case DLG_DO_NOTHING:
    case DLG_DO_LOGIN: /* handled by the caller, which holds the password */
    case DLG_DO_START_SHELL:
        break;
    }
    if (e != CAP_OK) { /* the terminal is gone or refuses: nothing left to talk to */
        rt_printf("telnetd: connection %u: the terminal refused a prompt: %s\n", slot,
                  rt_strerror(e));
        gw_conn_end(gw, slot, NULL);
    }
}

void gw_conn_start(gateway_t *gw, uint32_t slot) {
    gw_conn_act(gw, slot, dlg_start(&gw->conn[slot].dlg));
}

void gw_conn_tick(gateway_t *gw, uint32_t slot, uint64_t now_ms) {
    gw_conn_act(gw, slot, dlg_tick(&gw->conn[slot].dlg, now_ms));
}

/* The shell ended (logout, end of input, or it failed). */
static bool shell_exited(const gw_conn_t *c) {
    uint32_t exited = 0;
    int64_t code = 0;
    cap_err_t e = process_handle_poll(c->process, &exited, &code);
    return e != CAP_OK || exited;
}

static bool peer_gone(const gw_conn_t *c) {
    uint32_t open = 0, cols = 0, rows = 0, addr = 0, port = 0;
    cap_err_t e = terminal_control_state(c->control, &open, &cols, &rows, &addr, &port);
    return e != CAP_OK || !open;
}

/* A line the dialogue waits for, if it is complete. */
static void take_line(gateway_t *gw, uint32_t slot) {
    gw_conn_t *c = &gw->conn[slot];
    uint8_t line[512];
    uint32_t status = 0, len = 0;
    cap_err_t e = terminal_control_take_line(c->control, &status, line, sizeof line, &len);
    if (e == CAP_ERR_WOULD_BLOCK)
        return;
    if (e != CAP_OK) {
        gw_conn_end(gw, slot, NULL);
        return;
    }
    dlg_action_t a = dlg_line(&c->dlg, status, line, len, gw_now_ms(gw));
    if (a == DLG_DO_LOGIN)
        gw_login(gw, slot, line, len);
    else
        gw_conn_act(gw, slot, a);
    secure_zero(line, sizeof line);
}

void gw_conn_service(gateway_t *gw, uint32_t slot) {
    gw_conn_t *c = &gw->conn[slot];
    if ((c->process != CAP_NULL && shell_exited(c)) || peer_gone(c)) {
        gw_conn_end(gw, slot, NULL);
        return;
    }
    if (c->dlg.state == DLG_ASK_ACCOUNT || c->dlg.state == DLG_ASK_PASSWORD)
        take_line(gw, slot);
}

void gw_conn_end(gateway_t *gw, uint32_t slot, const char *goodbye) {
    gw_conn_t *c = &gw->conn[slot];
    if (!c->used)
        return;
    if (c->process != CAP_NULL) {
        rt_ignore(process_handle_terminate(c->process));
        rt_ignore(cap_release(c->process));
    }
    if (c->session != CAP_NULL) {
        rt_ignore(session_manager_logout(gw->sessions, c->session));
        rt_ignore(cap_release(c->session));
    }
    if (c->control != CAP_NULL) {
        if (goodbye)
            say(c, goodbye);
        rt_ignore(terminal_control_close(c->control));
        rt_ignore(cap_release(c->control));
    }
    if (c->terminal != CAP_NULL)
        rt_ignore(cap_release(c->terminal));
    limits_end_t how = limits_close(&gw->limits, slot, gw_now_ms(gw));
    uint32_t result = how == LIMITS_END_AUTHENTICATED ? AUDIT_RESULT_OK : AUDIT_RESULT_DENIED;
    gw_audit(gw, AUDIT_KIND_DISCONNECT, result, c->serial, c->peer_addr, c->peer_port);
    secure_zero(c, sizeof *c);
}
