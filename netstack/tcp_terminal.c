/*
 * TcpSocket.into_terminal_session: an accepted connection served as a
 * TerminalSession (for the shell) and a TerminalControl (for the gateway).
 * The pure term_conn.c does the wire protocol (raw or Telnet), the line
 * discipline and the output queue; this file moves bytes between it and
 * lwIP and answers the calls.
 *
 * Both objects name the socket's slot (kinds NET_FACET_TERMINAL and
 * NET_FACET_TERM_CONTROL, same index and generation); the TcpSocket's own
 * capabilities go stale with the phase change. The TerminalSession's
 * waiting read_line uses the socket's `read` pending call and its waiting
 * write the `write` one, so tcp_sock_destroy cancels them like any other.
 * TerminalControl.close ends the connection and the slot: the waiting
 * read_line is answered "closed", a waiting write BROKEN, and every
 * capability of both objects answers STALE_CAP from then on.
 *
 * Flow control is the socket's: received bytes leave the receive ring (and
 * reopen the TCP window) only as the terminal consumes them, and the
 * terminal consumes only while its output queue has room, which only lwIP
 * taking output frees. A peer that does not read stops its own input.
 */
#include "capos/rt.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/net.h"
#include "capos/idl/terminal.h"
#include "capos/secure_zero.h"
#include "netstack.h"
#include "term_conn.h"

#define INPUT_CHUNK 256u /* bytes looked at per term_run */
#define PUMP_ROUNDS 16u  /* input/output alternations per pump */

static uint32_t index_of(const tcp_sock_t *s) {
    return (uint32_t)(s - s->ns->tcp);
}

static tcp_sock_t *current(netstack_t *ns) {
    return &ns->tcp[ns->facet.index];
}

/* The connection cannot carry anything more either way. */
static bool broken(const tcp_sock_t *s) {
    return s->gone != CAP_OK || s->pcb == NULL;
}

/* The peer has gone: reset, or its end of stream. */
static bool peer_gone(const tcp_sock_t *s) {
    return broken(s) || s->eof;
}

/* ---- moving bytes ---- */

/* Received bytes through the terminal; true when anything changed. */
static bool run_input(tcp_sock_t *s) {
    static uint8_t in[INPUT_CHUNK];
    bool progress = false;
    for (uint32_t round = 0; round < NET_TCP_WINDOW_BYTES / INPUT_CHUNK + 1u; round++) {
        uint32_t n = broken(s) ? 0 : byte_ring_peek(&s->rx, in, sizeof in);
        bool at_end = broken(s) || (s->eof && n == byte_ring_len(&s->rx));
        bool step = false;
        size_t used = term_run(s->term, in, n, at_end, &step);
        secure_zero(in, n);
        (void)byte_ring_drop(&s->rx, (uint32_t)used);
        tcp_sock_consumed(s, (uint32_t)used);
        progress |= step;
        if (used == 0)
            break;
    }
    return progress;
}

/* Queued output into lwIP as far as it takes it. */
static void run_output(tcp_sock_t *s) {
    uint32_t len = 0;
    const uint8_t *out;
    while ((out = term_out(s->term, &len)) != NULL) {
        uint32_t written = 0;
        cap_err_t e = broken(s) ? CAP_ERR_BROKEN : tcp_sock_give(s, out, len, &written);
        if (e == CAP_ERR_BROKEN)
            term_out_discard(s->term);
        if (e != CAP_OK)
            return;
        term_out_taken(s->term, written);
    }
}

/* ---- answering ---- */

/* Answers the TerminalSession's waiting read_line with the completed line
 * (status as TerminalSession.read_line); every copy is scrubbed. */
static void reply_line(tcp_sock_t *s) {
    static ipc_msg_t rep;
    static uint8_t line[TERM_LINE_MAX];
    uint32_t status = 0;
    uint32_t len = term_take_line(s->term, &status, line, sizeof line);
    capos_idl_writer_t wr;
    rep = (ipc_msg_t){0};
    capos_idl_write_begin(&wr, &rep);
    capos_idl_put_u32(&wr, status);
    capos_idl_put_bytes(&wr, line, len, TERM_LINE_MAX);
    capos_idl_reply(&rep, capos_idl_write_end(&wr));
    (void)net_send(s->read.reply, &rep);
    s->read.reply = CAP_NULL;
    secure_zero(line, sizeof line);
    secure_zero(&rep, sizeof rep);
}

/* Signals the control's watch (if any) for this change. */
static void tell_control(tcp_sock_t *s) {
    s->watch.armed = true;
    net_watch_fire(&s->watch);
}

/* Completes what waits on the terminal and tells the control what it must
 * know: its line completed, the window changed, the peer went away. */
static void complete(tcp_sock_t *s) {
    if (s->read.reply != CAP_NULL && !s->line_by_control && term_line_done(s->term))
        reply_line(s);
    if (s->write.reply != CAP_NULL && broken(s))
        net_pending_fail(&s->write, CAP_ERR_BROKEN);
    else if (s->write.reply != CAP_NULL && !term_write_queued(s->term))
        net_pending_fail(&s->write, CAP_OK); /* all of it went to lwIP */
    uint32_t ev = term_take_events(s->term);
    bool tell = (ev & TERM_EV_WINDOW) || ((ev & TERM_EV_LINE) && s->line_by_control);
    if (peer_gone(s) && !s->hangup_told) {
        s->hangup_told = true;
        tell = true;
    }
    if (tell)
        tell_control(s);
}

void tcp_terminal_pump(tcp_sock_t *s) {
    if (s->term == NULL)
        return;
    if (broken(s))
        term_hangup(s->term);
    for (uint32_t round = 0; round < PUMP_ROUNDS; round++) {
        bool progress = run_input(s);
        run_output(s);
        if (!progress)
            break;
    }
    complete(s);
}

void tcp_terminal_free(tcp_sock_t *s) {
    if (s->term == NULL)
        return;
    term_scrub(s->term);
    free(s->term);
    s->term = NULL;
}

/* ---- TcpSocket.into_terminal_session ---- */

cap_err_t tcp_terminal_open(netstack_t *ns, uint32_t protocol, cap_t *terminal, cap_t *control) {
    uint32_t index = ns->facet.index;
    tcp_sock_t *s = &ns->tcp[index];
    if (protocol != TERM_PROTOCOL_RAW && protocol != TERM_PROTOCOL_TELNET)
        return CAP_ERR_BAD_ARGS;
    if (s->read.reply != CAP_NULL || s->write.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL; /* a call of the socket still waits */
    term_conn_t *t = malloc(sizeof(*t));
    if (t == NULL)
        return CAP_ERR_NO_MEMORY;
    cap_err_t e = term_init(t, protocol);
    if (e == CAP_OK)
        e = net_mint(ns, NET_FACET_TERMINAL, index, terminal);
    if (e == CAP_OK) {
        e = net_mint(ns, NET_FACET_TERM_CONTROL, index, control);
        if (e != CAP_OK)
            (void)cap_release(*terminal);
    }
    if (e != CAP_OK) {
        free(t);
        return e;
    }
    net_watch_clear(&s->watch); /* the socket's; the control sets its own */
    s->term = t;
    s->phase = TCP_TERMINAL;
    ns->minted = *terminal;
    ns->minted_object = (net_facet_t){.kind = NET_FACET_TERMINAL, .index = index};
    tcp_terminal_pump(s); /* the Telnet offer, type-ahead already received */
    return CAP_OK;
}

/* ---- TerminalSession (the shell's side) ---- */

static cap_err_t session_write_common(netstack_t *ns, const uint8_t *data, uint32_t len,
                                      bool newline) {
    tcp_sock_t *s = current(ns);
    if (broken(s))
        return CAP_ERR_BROKEN;
    if (s->write.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = term_write(s->term, data, len, newline, true);
    if (e != CAP_OK)
        return e;
    tcp_terminal_pump(s);
    if (term_write_queued(s->term) && !broken(s))
        net_defer(ns, &s->write, 0); /* answered once lwIP took all of it */
    return broken(s) ? CAP_ERR_BROKEN : CAP_OK;
}

static cap_err_t session_write(void *ctx, const uint8_t *data, uint32_t data_len) {
    return session_write_common(ctx, data, data_len, false);
}

static cap_err_t session_write_line(void *ctx, const char *text, uint32_t text_len) {
    return session_write_common(ctx, (const uint8_t *)text, text_len, true);
}

static cap_err_t session_read_line(void *ctx, const char *prompt, uint32_t prompt_len,
                                   uint32_t max_bytes, uint32_t echo, uint32_t allow_empty,
                                   uint32_t *status, uint8_t *line, uint32_t line_cap,
                                   uint32_t *line_len) {
    netstack_t *ns = ctx;
    tcp_sock_t *s = current(ns);
    if (s->read.reply != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    cap_err_t e = term_begin_line(s->term, (const uint8_t *)prompt, prompt_len, max_bytes, echo,
                                  allow_empty != 0);
    if (e != CAP_OK)
        return e;
    s->line_by_control = false;
    tcp_terminal_pump(s);
    if (term_line_done(s->term)) {
        *line_len = term_take_line(s->term, status, line, line_cap);
        return CAP_OK;
    }
    net_defer(ns, &s->read, 0);
    return CAP_OK;
}

static cap_err_t session_size(void *ctx, uint32_t *cols, uint32_t *rows) {
    term_window(current(ctx)->term, cols, rows);
    return CAP_OK;
}

static const terminal_session_server_ops_t session_ops = {
    .write = session_write,
    .write_line = session_write_line,
    .read_line = session_read_line,
    .size = session_size,
};

cap_err_t tcp_terminal_session_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return terminal_session_dispatch(&session_ops, ns, req, rep);
}

/* ---- TerminalControl (the gateway's side) ---- */

static cap_err_t control_begin_read_line(void *ctx, const char *prompt, uint32_t prompt_len,
                                         uint32_t max_bytes, uint32_t echo, uint32_t allow_empty) {
    tcp_sock_t *s = current(ctx);
    cap_err_t e = term_begin_line(s->term, (const uint8_t *)prompt, prompt_len, max_bytes, echo,
                                  allow_empty != 0);
    if (e != CAP_OK)
        return e;
    s->line_by_control = true;
    tcp_terminal_pump(s);
    return CAP_OK;
}

static cap_err_t control_take_line(void *ctx, uint32_t *status, uint8_t *line, uint32_t line_cap,
                                   uint32_t *line_len) {
    tcp_sock_t *s = current(ctx);
    if (!s->line_by_control || !term_line_active(s->term))
        return CAP_ERR_BAD_ARGS; /* no line of the control's is active */
    if (!term_line_done(s->term))
        return CAP_ERR_WOULD_BLOCK;
    *line_len = term_take_line(s->term, status, line, line_cap);
    s->line_by_control = false;
    return CAP_OK;
}

/* A new watch is told at once about a peer that has gone already. */
static cap_err_t control_watch(void *ctx, cap_t notification, uint64_t bits) {
    netstack_t *ns = ctx;
    tcp_sock_t *s = current(ns);
    cap_err_t e = net_watch_set(ns, &s->watch, notification, bits);
    if (e == CAP_OK) {
        s->hangup_told = false;
        complete(s);
    }
    return e;
}

static cap_err_t control_state(void *ctx, uint32_t *open, uint32_t *cols, uint32_t *rows,
                               uint32_t *peer_addr, uint32_t *peer_port) {
    tcp_sock_t *s = current(ctx);
    *open = !peer_gone(s);
    term_window(s->term, cols, rows);
    *peer_addr = s->peer_addr;
    *peer_port = s->peer_port;
    return CAP_OK;
}

static cap_err_t control_write(void *ctx, const uint8_t *data, uint32_t data_len) {
    tcp_sock_t *s = current(ctx);
    if (broken(s))
        return CAP_ERR_BROKEN;
    cap_err_t e = term_write(s->term, data, data_len, false, false);
    if (e == CAP_OK)
        tcp_terminal_pump(s);
    return e;
}

/* Ends the terminal: the session's waiting calls answered, output handed to
 * lwIP as far as it goes, then FIN (the unread input is given back to the
 * window first, so that lwIP does not answer with a reset). */
static cap_err_t control_close(void *ctx) {
    netstack_t *ns = ctx;
    tcp_sock_t *s = current(ns);
    run_output(s);
    term_hangup(s->term);
    if (s->read.reply != CAP_NULL && !s->line_by_control && term_line_done(s->term))
        reply_line(s);
    net_pending_fail(&s->write, CAP_ERR_BROKEN);
    tcp_sock_consumed(s, byte_ring_len(&s->rx));
    byte_ring_clear(&s->rx);
    tcp_sock_close(ns, index_of(s));
    return CAP_OK;
}

static const terminal_control_server_ops_t control_ops = {
    .begin_read_line = control_begin_read_line,
    .take_line = control_take_line,
    .watch = control_watch,
    .state = control_state,
    .write = control_write,
    .close = control_close,
};

cap_err_t tcp_terminal_control_serve(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return terminal_control_dispatch(&control_ops, ns, req, rep);
}
