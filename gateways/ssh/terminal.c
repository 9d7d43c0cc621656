/*
 * The shells' TerminalSessions: one endpoint, a facet per connection (badge
 * = slot + 1), served without blocking from the event loop. A connection's
 * terminal is a term_conn (netstack/term_conn.h): raw with a pty (the line
 * discipline echoes, "\n" goes out as CR LF), pipe without one (no echo, no
 * prompts, output unchanged: an exec's output is the command's). read_line
 * and a write that does not fit are answered later (deferred replies).
 */
#include <string.h>

#include "capos/idl/idl_runtime.h"
#include "capos/idl/notification.h"
#include "capos/idl/terminal.h"
#include "capos/secure_zero.h"
#include "sshd.h"

static sshd_link_t *current; /* the link of the call being dispatched */
static cap_t call_reply;     /* its Reply; CAP_NULL once kept for later */

static void send_reply(cap_t reply, ipc_msg_t *rep) {
    if (sys_reply(reply, rep) != CAP_OK)
        rt_ignore(cap_release(reply));
}

static void answer(cap_t *reply, cap_err_t status) {
    static ipc_msg_t rep;
    if (*reply == CAP_NULL)
        return;
    rep = (ipc_msg_t){0};
    capos_idl_reply(&rep, status);
    send_reply(*reply, &rep);
    *reply = CAP_NULL;
}

static void reply_line(sshd_link_t *l) {
    static ipc_msg_t rep;
    static uint8_t line[TERM_LINE_MAX];
    uint32_t status = 0;
    uint32_t len = term_take_line(&l->term, &status, line, sizeof line);
    capos_idl_writer_t wr;
    rep = (ipc_msg_t){0};
    capos_idl_write_begin(&wr, &rep);
    capos_idl_put_u32(&wr, status);
    capos_idl_put_bytes(&wr, line, len, TERM_LINE_MAX);
    capos_idl_reply(&rep, capos_idl_write_end(&wr));
    send_reply(l->read_reply, &rep);
    l->read_reply = CAP_NULL;
    secure_zero(line, sizeof line);
    secure_zero(&rep, sizeof rep);
}

uint64_t sshd_terminal_badge(const sshd_link_t *l) {
    return ((uint64_t)l->gen << 16) | (l->slot + 1u);
}

static bool gone(const sshd_link_t *l) {
    return l->ssh.phase == SSHC_DONE || !l->ssh.channel || l->ssh.channel_closed;
}

void sshd_terminal_pump(sshd_t *d, sshd_link_t *l) {
    static uint8_t in[SSHC_IN_MAX];
    (void)d;
    if (l->ssh.mode == SSHC_MODE_NONE)
        return;
    for (int rounds = 0; rounds < 64; rounds++) {
        bool progress = false;
        uint32_t n = l->ssh.in_len;
        memcpy(in, l->ssh.in, n);
        size_t used = term_run(&l->term, in, n, l->ssh.in_eof, &progress);
        secure_zero(in, n);
        uint8_t sink[SSHC_IN_MAX];
        (void)sshc_in_take(&l->ssh, sink, (uint32_t)used);
        secure_zero(sink, (uint32_t)used);
        uint32_t len = 0;
        const uint8_t *out = term_out(&l->term, &len);
        if (out && !gone(l)) {
            uint32_t win = ssh_channel_window_size(l->ssh.channel);
            uint32_t k = len < win ? len : win;
            if (k > 0) {
                int w = ssh_channel_write(l->ssh.channel, out, k);
                if (w > 0) {
                    term_out_taken(&l->term, (uint32_t)w);
                    progress = true;
                }
            }
        } else if (out) {
            term_out_discard(&l->term);
        }
        if (!progress)
            break;
    }
    if (l->read_reply != CAP_NULL && term_line_done(&l->term))
        reply_line(l);
    if (l->write_reply != CAP_NULL && (gone(l) || !term_write_queued(&l->term)))
        answer(&l->write_reply, gone(l) ? CAP_ERR_BROKEN : CAP_OK);
}

void sshd_terminal_hangup(sshd_link_t *l) {
    term_hangup(&l->term);
    if (l->read_reply != CAP_NULL && term_line_done(&l->term))
        reply_line(l);
    answer(&l->read_reply, CAP_ERR_BROKEN);
    answer(&l->write_reply, CAP_ERR_BROKEN);
}

/* ---- TerminalSession ---- */

static cap_err_t write_common(const uint8_t *data, uint32_t len, bool newline) {
    sshd_link_t *l = current;
    if (gone(l))
        return CAP_ERR_BROKEN;
    if (l->write_reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = term_write(&l->term, data, len, newline, true);
    if (e != CAP_OK)
        return e;
    sshd_terminal_pump(l->d, l);
    if (term_write_queued(&l->term) && !gone(l)) {
        l->write_reply = call_reply; /* answered once the channel took it */
        call_reply = CAP_NULL;
    }
    return gone(l) ? CAP_ERR_BROKEN : CAP_OK;
}

static cap_err_t op_write(void *ctx, const uint8_t *data, uint32_t len) {
    (void)ctx;
    return write_common(data, len, false);
}

static cap_err_t op_write_line(void *ctx, const char *text, uint32_t len) {
    (void)ctx;
    return write_common((const uint8_t *)text, len, true);
}

static cap_err_t op_read_line(void *ctx, const char *prompt, uint32_t prompt_len,
                              uint32_t max_bytes, uint32_t echo, uint32_t allow_empty,
                              uint32_t *status, uint8_t *line, uint32_t line_cap,
                              uint32_t *line_len) {
    sshd_link_t *l = current;
    (void)ctx;
    if (l->read_reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = term_begin_line(&l->term, (const uint8_t *)prompt, prompt_len, max_bytes, echo,
                                  allow_empty != 0);
    if (e != CAP_OK)
        return e;
    if (gone(l))
        term_hangup(&l->term);
    sshd_terminal_pump(l->d, l);
    if (term_line_done(&l->term)) {
        *line_len = term_take_line(&l->term, status, line, line_cap);
        return CAP_OK;
    }
    l->read_reply = call_reply;
    call_reply = CAP_NULL;
    return CAP_OK;
}

static cap_err_t op_size(void *ctx, uint32_t *cols, uint32_t *rows) {
    (void)ctx;
    term_window(&current->term, cols, rows);
    return CAP_OK;
}

static const terminal_session_server_ops_t ops = {
    .write = op_write,
    .write_line = op_write_line,
    .read_line = op_read_line,
    .size = op_size,
};

static void handle(sshd_t *d, const ipc_msg_t *req, const ipc_recv_info_t *info) {
    static ipc_msg_t rep;
    rep = (ipc_msg_t){0};
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        rt_ignore(cap_release(req->caps[i].cap)); /* TerminalSession takes none */
    uint64_t slot = (info->badge & 0xffffu) - 1u;
    if (slot >= SSHD_CONNS || !d->link[slot].used || d->link[slot].ssh.mode == SSHC_MODE_NONE ||
        sshd_terminal_badge(&d->link[slot]) != info->badge) {
        capos_idl_reply(&rep, CAP_ERR_BROKEN); /* a connection that ended */
        send_reply(info->reply, &rep);
        return;
    }
    current = &d->link[slot];
    call_reply = info->reply;
    rt_ignore(terminal_session_dispatch(&ops, d, req, &rep));
    if (call_reply != CAP_NULL)
        send_reply(call_reply, &rep);
    secure_zero(&rep, sizeof rep);
    current = NULL;
}

/* A shell answered a moment ago usually calls again at once (the next
 * chunk of its output): one yield lets it, so a stream is served call after
 * call without a trip through the event loop's poll for each. */
void sshd_terminal_serve(sshd_t *d) {
    static ipc_msg_t req;
    bool yielded = false;
    for (int i = 0; i < 256; i++) { /* bounded: the loop's other work goes on */
        ipc_recv_info_t info;
        if (sys_recv(d->terminal, &req, &info, RECV_NONBLOCK) != CAP_OK) {
            if (yielded || i == 0)
                return;
            yielded = true;
            sys_yield();
            continue;
        }
        yielded = false;
        handle(d, &req, &info);
        secure_zero(&req, sizeof req);
    }
    rt_ignore(notification_signal(d->events, SSHD_BIT_TERMINAL)); /* more wait: come back */
}
