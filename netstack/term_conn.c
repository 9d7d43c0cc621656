/* A connection turned terminal (contract in term_conn.h). */
#include "term_conn.h"
#include <string.h>
#include "capos/secure_zero.h"
#include "telnet_encode.h"

/* ---- the output queue ---- */

/* Bytes of the queued session write not yet taken. */
static uint32_t write_left(const term_conn_t *t) {
    if (t->write_end == 0)
        return 0;
    return t->write_end < t->write_len ? t->write_end : t->write_len;
}

/* Room for everything but the session write. */
static uint32_t others_room(const term_conn_t *t) {
    const uint32_t limit = TERM_OUT_BYTES - TERM_ENCODED_WRITE_MAX;
    uint32_t others = t->out_len - write_left(t);
    return others >= limit ? 0 : limit - others;
}

/* Raw output: "\n" not preceded by "\r" (within this call) as CR LF. */
static size_t raw_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *consumed) {
    size_t i = 0, w = 0;
    for (; i < n; i++) {
        bool expand = in[i] == '\n' && (i == 0 || in[i - 1] != '\r');
        if (cap - w < (expand ? 2u : 1u))
            break;
        if (expand)
            out[w++] = '\r';
        out[w++] = in[i];
    }
    *consumed = i;
    return w;
}

/* Appends in[0..n) encoded for the protocol, using at most room bytes of the
 * queue; all of it or nothing. */
static bool put_encoded(term_conn_t *t, const uint8_t *in, size_t n, uint32_t room) {
    size_t consumed = 0, len;
    if (t->protocol == TERM_PROTOCOL_TELNET) {
        len = telnet_encode(in, n, t->out + t->out_len, room, &consumed);
    } else if (t->protocol == TERM_PROTOCOL_PIPE) {
        if (n > room)
            return false;
        memcpy(t->out + t->out_len, in, n);
        len = consumed = n;
    } else
        len = raw_encode(in, n, t->out + t->out_len, room, &consumed);
    if (consumed != n)
        return false;
    t->out_len += (uint32_t)len;
    return true;
}

/* Appends bytes already encoded (echo, replies); the callers checked the
 * room. */
static void put_raw(term_conn_t *t, const uint8_t *bytes, uint32_t n) {
    uint32_t room = others_room(t);
    if (n > room)
        n = room; /* cannot happen: every step checks its worst case first */
    memcpy(t->out + t->out_len, bytes, n);
    t->out_len += n;
}

const uint8_t *term_out(const term_conn_t *t, uint32_t *len) {
    *len = t->out_len;
    return t->out_len > 0 ? t->out : NULL;
}

void term_out_taken(term_conn_t *t, uint32_t n) {
    if (n > t->out_len)
        n = t->out_len;
    memmove(t->out, t->out + n, t->out_len - n);
    t->out_len -= n;
    if (t->write_end > n) {
        t->write_end -= n;
    } else {
        t->write_end = 0;
        t->write_len = 0;
    }
}

void term_out_discard(term_conn_t *t) {
    secure_zero(t->out, t->out_len);
    t->out_len = 0;
    t->write_end = 0;
    t->write_len = 0;
}

cap_err_t term_write(term_conn_t *t, const uint8_t *data, uint32_t n, bool newline, bool session) {
    static const uint8_t lf = '\n';
    if (n > TERM_WRITE_MAX)
        return CAP_ERR_BAD_ARGS;
    if (session && t->write_end != 0)
        return CAP_ERR_QUEUE_FULL;
    uint32_t start = t->out_len;
    /* The session write may use the whole queue: the others never take the
     * part reserved for it (others_room). */
    uint32_t room = session ? TERM_OUT_BYTES - t->out_len : others_room(t);
    if (!put_encoded(t, data, n, room) ||
        (newline && !put_encoded(t, &lf, 1, room - (t->out_len - start)))) {
        t->out_len = start;
        return session ? CAP_ERR_BAD_ARGS : CAP_ERR_WOULD_BLOCK; /* session: cannot happen */
    }
    if (session && t->out_len > start) {
        t->write_end = t->out_len;
        t->write_len = t->out_len - start;
    }
    return CAP_OK;
}

bool term_write_queued(const term_conn_t *t) {
    return t->write_end != 0;
}

/* ---- set-up and lines ---- */

cap_err_t term_init(term_conn_t *t, uint32_t protocol) {
    if (protocol != TERM_PROTOCOL_RAW && protocol != TERM_PROTOCOL_TELNET &&
        protocol != TERM_PROTOCOL_PIPE)
        return CAP_ERR_BAD_ARGS;
    secure_zero(t, sizeof(*t));
    t->protocol = protocol;
    if (protocol == TERM_PROTOCOL_RAW) {
        t->cols = TERM_RAW_COLS;
        t->rows = TERM_RAW_ROWS;
    }
    t->line_result = LD_PENDING;
    ld_init(&t->ld);
    if (protocol == TERM_PROTOCOL_TELNET) {
        telnet_init(&t->tn);
        t->out_len = telnet_offer(&t->tn, t->out, TERM_OUT_BYTES);
    }
    return CAP_OK;
}

cap_err_t term_begin_line(term_conn_t *t, const uint8_t *prompt, uint32_t prompt_len,
                          uint32_t max_bytes, uint32_t echo, bool allow_empty) {
    if (max_bytes == 0 || (echo != LD_ECHO_VISIBLE && echo != LD_ECHO_HIDDEN) ||
        prompt_len > TERM_PROMPT_MAX)
        return CAP_ERR_BAD_ARGS;
    if (t->line_active)
        return CAP_ERR_QUEUE_FULL;
    memcpy(t->prompt, prompt, prompt_len);
    t->prompt_len = prompt_len;
    t->prompt_due = true;
    t->line_active = true;
    t->line_result = LD_PENDING;
    ld_begin(&t->ld, max_bytes, echo, allow_empty);
    return CAP_OK;
}

bool term_line_active(const term_conn_t *t) {
    return t->line_active;
}

bool term_line_done(const term_conn_t *t) {
    return t->line_active && t->line_result != LD_PENDING;
}

uint32_t term_take_line(term_conn_t *t, uint32_t *status, uint8_t *out, uint32_t cap) {
    uint32_t len = 0;
    if (!term_line_done(t)) {
        *status = LD_PENDING;
        return 0;
    }
    *status = (uint32_t)t->line_result;
    if (t->line_result == LD_SUBMITTED)
        len = ld_take(&t->ld, out, cap);
    ld_abort(&t->ld); /* scrubs whatever is left */
    t->line_active = false;
    t->prompt_due = false;
    t->line_result = LD_PENDING;
    return len;
}

static bool line_waiting(const term_conn_t *t) {
    return t->line_active && t->line_result == LD_PENDING;
}

static void complete_line(term_conn_t *t, ld_result_t r) {
    t->line_result = r;
    t->prompt_due = false;
    t->events |= TERM_EV_LINE;
}

/* ---- input ---- */

static void take_cooked(term_conn_t *t, uint32_t n) {
    secure_zero(t->cooked + t->cooked_head, n);
    t->cooked_head += n;
    t->cooked_len -= n;
    if (t->cooked_len == 0)
        t->cooked_head = 0;
}

/* The prompt, when the queue has room for it. */
static bool emit_prompt(term_conn_t *t) {
    if (t->protocol != TERM_PROTOCOL_PIPE &&
        !put_encoded(t, t->prompt, t->prompt_len, others_room(t)))
        return false;
    t->prompt_due = false;
    return true;
}

/* One byte of type-ahead into the line discipline, its echo queued. */
static bool feed_line(term_conn_t *t) {
    static telnet_line_out_t line_out;
    static ld_echo_t echo;
    ld_result_t r;
    if (others_room(t) < TERM_STEP_OUT_MAX)
        return false;
    if (t->protocol == TERM_PROTOCOL_TELNET) {
        bool server_echo = telnet_local_enabled(&t->tn, TELNET_OPT_ECHO);
        size_t used =
            telnet_line_feed(&t->ld, t->cooked + t->cooked_head, 1, server_echo, &line_out);
        put_raw(t, line_out.echo, line_out.echo_len);
        take_cooked(t, (uint32_t)used);
        r = line_out.result;
    } else {
        r = ld_feed(&t->ld, t->cooked[t->cooked_head], &echo);
        if (t->protocol == TERM_PROTOCOL_RAW)
            put_raw(t, echo.bytes, echo.len);
        take_cooked(t, 1);
    }
    if (r == LD_REPROMPT)
        t->prompt_due = true;
    else if (r != LD_PENDING)
        complete_line(t, r);
    return true;
}

/* Received bytes into the type-ahead (cooked is empty); returns how many
 * were consumed, 0 when the queue has no room for the replies. */
static size_t decode(term_conn_t *t, const uint8_t *in, size_t n) {
    static telnet_out_t tel;
    if (t->protocol != TERM_PROTOCOL_TELNET) {
        size_t k = n < sizeof(t->cooked) ? n : sizeof(t->cooked);
        memcpy(t->cooked, in, k);
        t->cooked_len = (uint32_t)k;
        return k;
    }
    if (others_room(t) < TELNET_REPLY_MAX)
        return 0;
    size_t k = telnet_feed(&t->tn, in, n, &tel);
    put_raw(t, tel.reply, tel.reply_len);
    memcpy(t->cooked, tel.data, tel.data_len);
    t->cooked_len = tel.data_len;
    if (tel.events & TELNET_EV_NAWS)
        t->events |= TERM_EV_WINDOW;
    secure_zero(tel.data, tel.data_len);
    return k;
}

/* The stream ended: a Telnet CR still held becomes data. */
static void finish_input(term_conn_t *t) {
    static telnet_out_t tel;
    if (t->protocol == TERM_PROTOCOL_TELNET) {
        telnet_finish(&t->tn, &tel);
        memcpy(t->cooked, tel.data, tel.data_len);
        t->cooked_len = tel.data_len;
    }
    t->input_ended = true;
}

/* Input ended and nothing is left for the line: it completes as closed. */
static void close_line(term_conn_t *t) {
    static ld_echo_t echo;
    ld_result_t r = ld_end_of_input(&t->ld, &echo);
    if (t->protocol != TERM_PROTOCOL_PIPE && echo.len <= others_room(t))
        put_raw(t, echo.bytes, echo.len);
    complete_line(t, r == LD_PENDING ? LD_CLOSED : r);
}

size_t term_run(term_conn_t *t, const uint8_t *in, size_t n, bool at_end, bool *progress) {
    size_t used = 0;
    for (;;) {
        if (line_waiting(t) && t->prompt_due) {
            if (t->input_ended && t->cooked_len == 0)
                t->prompt_due = false; /* nobody will answer it */
            else if (!emit_prompt(t))
                break;
            *progress = true;
            continue;
        }
        if (line_waiting(t) && t->cooked_len > 0) {
            if (!feed_line(t))
                break;
            *progress = true;
            continue;
        }
        if (t->cooked_len == 0 && used < n) {
            size_t k = decode(t, in + used, n - used);
            if (k == 0)
                break;
            used += k;
            *progress = true;
            continue;
        }
        if (t->cooked_len == 0 && used == n && at_end && !t->input_ended) {
            finish_input(t);
            *progress = true;
            continue;
        }
        if (line_waiting(t) && t->input_ended && t->cooked_len == 0) {
            close_line(t);
            *progress = true;
            continue;
        }
        break;
    }
    return used;
}

void term_hangup(term_conn_t *t) {
    secure_zero(t->cooked, sizeof(t->cooked));
    t->cooked_head = 0;
    t->cooked_len = 0;
    t->input_ended = true;
    term_out_discard(t);
    if (line_waiting(t)) {
        static ld_echo_t echo;
        (void)ld_end_of_input(&t->ld, &echo);
        complete_line(t, LD_CLOSED);
    }
}

bool term_input_ended(const term_conn_t *t) {
    return t->input_ended;
}

uint32_t term_take_events(term_conn_t *t) {
    uint32_t ev = t->events;
    t->events = 0;
    return ev;
}

void term_window(const term_conn_t *t, uint32_t *cols, uint32_t *rows) {
    if (t->protocol != TERM_PROTOCOL_TELNET) {
        *cols = t->cols;
        *rows = t->rows;
        return;
    }
    uint16_t c = 0, r = 0;
    telnet_window(&t->tn, &c, &r);
    *cols = c;
    *rows = r;
}

void term_set_window(term_conn_t *t, uint32_t cols, uint32_t rows) {
    if (t->protocol == TERM_PROTOCOL_TELNET)
        return;
    cols = cols > TERM_WINDOW_MAX ? TERM_WINDOW_MAX : cols;
    rows = rows > TERM_WINDOW_MAX ? TERM_WINDOW_MAX : rows;
    if (cols != t->cols || rows != t->rows)
        t->events |= TERM_EV_WINDOW;
    t->cols = cols;
    t->rows = rows;
}

void term_scrub(term_conn_t *t) {
    secure_zero(t, sizeof(*t));
}
