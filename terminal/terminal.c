/* The TerminalSession server (contract in terminal.h). */
#include "terminal.h"
#include "capos/rt.h"
#include "capos/secure_zero.h"
#include "capos/idl/idl_runtime.h"
#include "capos/idl/irq.h"
#include "capos/idl/memory.h"
#include "capos/idl/notification.h"
#include "capos/idl/terminal.h"

#define LINE_REPLY_MAX 512u /* read_line's line: bytes<512> */

_Static_assert(LD_CEILING <= LINE_REPLY_MAX, "a full line must fit the reply");

/* Sends text with every "\n" not preceded by "\r" expanded to "\r\n". */
static cap_err_t put_text(terminal_t *t, const uint8_t *s, uint32_t n) {
    uint8_t out[64];
    uint32_t len = 0;
    cap_err_t e = CAP_OK;
    for (uint32_t i = 0; i < n && e == CAP_OK; i++) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
            out[len++] = '\r';
        out[len++] = s[i];
        if (len >= sizeof(out) - 1) {
            e = uart_write(&t->uart, out, len);
            len = 0;
        }
    }
    return e == CAP_OK ? uart_write(&t->uart, out, len) : e;
}

static cap_err_t op_write(void *ctx, const uint8_t *data, uint32_t len) {
    return put_text(ctx, data, len);
}

static cap_err_t op_write_line(void *ctx, const char *text, uint32_t len) {
    cap_err_t e = put_text(ctx, (const uint8_t *)text, len);
    return e == CAP_OK ? uart_write(&((terminal_t *)ctx)->uart, (const uint8_t *)"\r\n", 2) : e;
}

static cap_err_t op_size(void *ctx, uint32_t *cols, uint32_t *rows) {
    (void)ctx;
    *cols = TERMINAL_COLS;
    *rows = TERMINAL_ROWS;
    return CAP_OK;
}

/* Becomes the pending reader: the reply is sent by complete(). The
 * outputs are left empty; the loop does not reply to this call. */
static cap_err_t op_read_line(void *ctx, const char *prompt, uint32_t prompt_len,
                              uint32_t max_bytes, uint32_t echo, uint32_t allow_empty,
                              uint32_t *status, uint8_t *line, uint32_t line_cap,
                              uint32_t *line_len) {
    terminal_t *t = ctx;
    (void)status;
    (void)line;
    (void)line_cap;
    (void)line_len;
    if (max_bytes == 0 || (echo != LD_ECHO_VISIBLE && echo != LD_ECHO_HIDDEN))
        return CAP_ERR_BAD_ARGS;
    if (t->reader != CAP_NULL)
        return CAP_ERR_QUEUE_FULL;
    if (prompt_len > TERMINAL_PROMPT_MAX)
        return CAP_ERR_BAD_ARGS;
    memcpy(t->prompt, prompt, prompt_len);
    t->prompt_len = prompt_len;
    cap_err_t e = put_text(t, (const uint8_t *)prompt, prompt_len);
    if (e != CAP_OK)
        return e;
    ld_begin(&t->ld, max_bytes, echo, allow_empty != 0);
    t->reader = t->call_reply;
    return CAP_OK;
}

static const terminal_session_server_ops_t ops = {
    .write = op_write,
    .write_line = op_write_line,
    .read_line = op_read_line,
    .size = op_size,
};

/* Answers the pending reader with result and scrubs every copy of the line. */
static void complete(terminal_t *t, ld_result_t result) {
    static ipc_msg_t rep;
    static uint8_t line[LINE_REPLY_MAX];
    uint32_t len = result == LD_SUBMITTED ? ld_take(&t->ld, line, sizeof(line)) : 0;
    capos_idl_writer_t wr;
    capos_idl_write_begin(&wr, &rep);
    capos_idl_put_u32(&wr, (uint32_t)result);
    capos_idl_put_bytes(&wr, line, len, LINE_REPLY_MAX);
    capos_idl_reply(&rep, capos_idl_write_end(&wr));
    cap_err_t e = sys_reply(t->reader, &rep);
    if (e != CAP_OK && e != CAP_ERR_BROKEN)
        (void)cap_release(t->reader); /* the reader is gone either way */
    t->reader = CAP_NULL;
    secure_zero(line, sizeof(line));
    secure_zero(rep.data, sizeof(rep.data));
}

/* Feeds waiting input bytes to the pending reader until it completes or the
 * UART has no more; bytes for no reader stay in the UART. */
static cap_err_t pump(terminal_t *t) {
    static ld_echo_t echo;
    while (t->reader != CAP_NULL) {
        uint8_t byte = 0;
        bool got = false;
        cap_err_t e = uart_read(&t->uart, &byte, &got);
        if (e != CAP_OK || !got)
            return e;
        ld_result_t r = ld_feed(&t->ld, byte, &echo); /* hidden mode: echo has no input */
        e = uart_write(&t->uart, echo.bytes, echo.len);
        if (r == LD_REPROMPT && e == CAP_OK)
            e = put_text(t, (const uint8_t *)t->prompt, t->prompt_len);
        else if (r != LD_PENDING && r != LD_REPROMPT)
            complete(t, r);
        if (e != CAP_OK)
            return e;
    }
    return CAP_OK;
}

/* Takes input for a pending reader, then lets the line fire again. */
static void service_input(terminal_t *t) {
    if (t->reader == CAP_NULL)
        return;
    (void)pump(t);
    if (t->irq_unacked && irq_ack(t->irq) == CAP_OK)
        t->irq_unacked = false;
}

static void handle_call(terminal_t *t, const ipc_msg_t *req, const ipc_recv_info_t *info) {
    static ipc_msg_t rep;
    t->call_reply = info->reply;
    cap_err_t e = terminal_session_dispatch(&ops, t, req, &rep);
    if (e == CAP_OK && t->reader == info->reply) {
        service_input(t); /* type-ahead may complete it at once */
        return;
    }
    if (sys_reply(info->reply, &rep) != CAP_OK)
        (void)cap_release(info->reply);
}

cap_err_t terminal_serve(terminal_t *t) {
    static ipc_msg_t req;
    for (;;) {
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(t->server, &req, &info, 0);
        if (e != CAP_OK)
            return e;
        if (req.label == IPC_LABEL_NOTIFY) {
            t->irq_unacked = true;
            service_input(t);
            continue;
        }
        handle_call(t, &req, &info);
    }
}

cap_err_t terminal_start(terminal_t *t, const terminal_env_t *env) {
    *t = (terminal_t){.server = env->server, .irq = env->com1_irq, .uart = {env->com1}};
    ld_init(&t->ld);
    if (env->com1 == CAP_NULL || env->com1_irq == CAP_NULL || env->memory == CAP_NULL ||
        env->server == CAP_NULL)
        return CAP_ERR_NOT_FOUND;
    cap_err_t e = memory_create_notification(env->memory, CAP_SCOPE_SAME_SESSION, &t->events);
    if (e == CAP_OK)
        e = notification_bind_endpoint(t->events, env->server);
    if (e == CAP_OK)
        e = irq_bind(env->com1_irq, t->events, TERMINAL_IRQ_BIT);
    if (e == CAP_OK)
        e = uart_init(&t->uart);
    return e;
}
