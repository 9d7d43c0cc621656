/*
 * A connection's turns and its end. When the shell exits, its output is
 * drained to the channel, then the exit status, EOF and close go out; when
 * the peer goes (or closes the channel), the shell is terminated. Either
 * way the session is logged out (the broker's facets die with it) and the
 * audit log records the disconnect.
 */
#include <string.h>

#include "audit_event.h"
#include "capos/idl/process.h"
#include "capos/idl/session_manager.h"
#include "sshd.h"

#define SSHD_CLOSE_WAIT_MS 5000u /* for the client to close after our close */

static void shell_check(sshd_link_t *l) {
    uint32_t exited = 0;
    int64_t code = 0;
    if (l->process == CAP_NULL || l->shell_exited)
        return;
    if (process_handle_poll(l->process, &exited, &code) == CAP_OK && exited) {
        l->shell_exited = true;
        l->exit_code = code;
    }
}

/* The shell is gone and its output is out: status, EOF, close. */
static void finish_channel(sshd_t *d, sshd_link_t *l) {
    ssh_channel ch = l->ssh.channel;
    uint32_t pending = 0;
    (void)term_out(&l->term, &pending);
    if (l->eof_sent || pending || !ch || l->ssh.channel_closed)
        return;
    int status = l->exit_code < 0 || l->exit_code > 255 ? 255 : (int)l->exit_code;
    (void)ssh_channel_request_send_exit_status(ch, status);
    (void)ssh_channel_send_eof(ch);
    (void)ssh_channel_close(ch);
    l->eof_sent = true;
    l->close_deadline_ms = sshd_now_ms(d) + SSHD_CLOSE_WAIT_MS;
}

void sshd_link_service(sshd_t *d, sshd_link_t *l) {
    if (d->shells_signalled) /* only then can a shell have exited */
        shell_check(l);
    if (sshc_advance(&l->ssh) == SSHC_DONE || l->ssh.channel_closed ||
        (l->eof_sent && sshd_now_ms(d) >= l->close_deadline_ms)) {
        sshd_link_end(d, l);
        return;
    }
    sshd_terminal_pump(d, l);
    if (l->shell_exited)
        finish_channel(d, l);
}

void sshd_link_end(sshd_t *d, sshd_link_t *l) {
    bool authenticated = l->session != CAP_NULL;
    sshd_terminal_hangup(l);
    if (l->process != CAP_NULL) {
        shell_check(l);
        if (!l->shell_exited)
            rt_ignore(process_handle_terminate(l->process));
        rt_ignore(cap_release(l->process));
    }
    if (l->session != CAP_NULL) {
        rt_ignore(session_manager_logout(d->sessions, l->session));
        rt_ignore(cap_release(l->session));
    }
    if (l->ssh.session)
        ssh_event_remove_session(d->event, l->ssh.session);
    sshc_free(&l->ssh);
    term_scrub(&l->term);
    (void)limits_close(&d->limits, l->slot, sshd_now_ms(d));
    sshd_audit(d, AUDIT_KIND_DISCONNECT, authenticated ? AUDIT_RESULT_OK : AUDIT_RESULT_DENIED,
               l->serial, l->peer_addr, l->peer_port);
    uint32_t slot = l->slot;
    memset(l, 0, sizeof *l);
    l->slot = slot;
}
