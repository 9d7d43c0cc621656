/*
 * The hooks of ssh_conn.h over capOS: passwords and verified public keys go
 * to SessionManager (the gateway never sees a verifier or an authorized-key
 * list), the shell comes from the broker's launcher for that session.
 */
#include <stdio.h>
#include <string.h>

#include "audit_event.h"
#include "capos/idl/process.h"
#include "capos/idl/session.h"
#include "capos/idl/session_manager.h"
#include "shell_launch.h"
#include "sshd.h"

static sshd_link_t *link_of(sshd_conn_t *c) {
    return c->glue;
}

/* A session SessionManager gave: kept when the grace time allows it. */
static bool logged_in(sshd_link_t *l, cap_err_t e, cap_t session) {
    sshd_t *d = l->d;
    if (e != CAP_OK)
        return false;
    if (!limits_auth_succeeded(&d->limits, l->slot, sshd_now_ms(d))) {
        rt_ignore(session_manager_logout(d->sessions, session)); /* too late: not honoured */
        rt_ignore(cap_release(session));
        return false;
    }
    uint32_t live = 0;
    uint64_t epoch = 0;
    l->session = session;
    rt_ignore(session_info(session, &live, &epoch, &l->serial));
    return true;
}

bool sshd_backend_password(sshd_conn_t *c, const char *user, char *password) {
    sshd_link_t *l = link_of(c);
    cap_t session = CAP_NULL;
    cap_err_t e =
        session_manager_login(l->d->sessions, user, (uint32_t)strlen(user),
                              (const uint8_t *)password, (uint32_t)strlen(password), &session);
    memset(password, 0, strlen(password));
    return logged_in(l, e, session);
}

bool sshd_backend_pubkey(sshd_conn_t *c, const char *user, const uint8_t *blob, size_t len) {
    sshd_link_t *l = link_of(c);
    cap_t session = CAP_NULL;
    cap_err_t e = session_manager_login_key(l->d->sessions, user, (uint32_t)strlen(user), blob,
                                            (uint32_t)len, &session);
    return logged_in(l, e, session);
}

void sshd_backend_auth_failed(sshd_conn_t *c) {
    sshd_link_t *l = link_of(c);
    (void)limits_auth_failed(&l->d->limits, l->slot, sshd_now_ms(l->d));
}

/* The shell's TerminalSession: a facet of the terminal endpoint badged for
 * this use of the slot, which the shell may pass to its children. */
static cap_err_t terminal_facet(sshd_t *d, sshd_link_t *l, cap_t *out) {
    return cap_derive(d->terminal, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                      CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, sshd_terminal_badge(l), out);
}

/* exec: the command is the shell's only line, then its input ends. */
static void feed_command(sshd_link_t *l) {
    size_t n = strlen(l->ssh.command);
    memcpy(l->ssh.in, l->ssh.command, n);
    l->ssh.in[n] = '\n';
    l->ssh.in_len = (uint32_t)n + 1;
    l->ssh.in_eof = true;
}

bool sshd_backend_start(sshd_conn_t *c) {
    sshd_link_t *l = link_of(c);
    sshd_t *d = l->d;
    cap_t terminal = CAP_NULL;
    rt_ignore(term_init(&l->term, c->pty ? TERM_PROTOCOL_RAW : TERM_PROTOCOL_PIPE));
    if (c->pty)
        term_set_window(&l->term, c->cols, c->rows);
    (void)term_take_events(&l->term);
    if (c->mode == SSHC_MODE_EXEC)
        feed_command(l);
    cap_err_t e = terminal_facet(d, l, &terminal);
    if (e == CAP_OK)
        e = gw_shell_launch(d->broker, l->session, &terminal, &l->process);
    if (terminal != CAP_NULL)
        rt_ignore(cap_release(terminal));
    if (e == CAP_OK)
        e = process_handle_watch(l->process, d->events, SSHD_BIT_SHELLS);
    sshd_audit(d, AUDIT_KIND_SHELL_LAUNCH, e == CAP_OK ? AUDIT_RESULT_OK : AUDIT_RESULT_FAILED,
               l->serial, l->peer_addr, l->peer_port);
    if (e == CAP_OK)
        return true;
    char msg[96];
    int n = snprintf(msg, sizeof msg, "capOS: no shell for this session (%s)\r\n", rt_strerror(e));
    if (c->channel && n > 0)
        (void)ssh_channel_write_stderr(c->channel, msg, (uint32_t)n);
    return false;
}

void sshd_backend_window(sshd_conn_t *c) {
    sshd_link_t *l = link_of(c);
    term_set_window(&l->term, c->cols, c->rows);
}
