/* The terminal line discipline (contract in line_discipline.h). */
#include "line_discipline.h"
#include "capos/secure_zero.h"

#define CH_CTRL_C 0x03
#define CH_CTRL_D 0x04
#define CH_BS 0x08
#define CH_CTRL_U 0x15
#define CH_ESC 0x1b
#define CH_DEL 0x7f
#define CH_BEL 0x07

/* ESC-sequence states. */
enum { ESC_NONE = 0, ESC_START, ESC_CSI, ESC_SS3 };

static void echo_put(ld_echo_t *echo, const char *s, uint32_t n) {
    for (uint32_t i = 0; i < n && echo->len < LD_ECHO_MAX; i++)
        echo->bytes[echo->len++] = (uint8_t)s[i];
}

static bool visible(const line_discipline_t *ld) {
    return ld->echo == LD_ECHO_VISIBLE;
}

static void scrub(line_discipline_t *ld) {
    secure_zero(ld->buf, sizeof(ld->buf));
    ld->len = 0;
}

void ld_init(line_discipline_t *ld) {
    secure_zero(ld, sizeof(*ld));
}

void ld_begin(line_discipline_t *ld, uint32_t max_bytes, uint32_t echo, bool allow_empty) {
    scrub(ld);
    ld->done_len = 0;
    ld->max = max_bytes < LD_CEILING ? max_bytes : LD_CEILING;
    ld->echo = echo;
    ld->allow_empty = allow_empty;
    ld->active = true;
}

/* Ends the request with result; the submitted line (if any) stays in buf
 * for ld_take, everything else is scrubbed now. */
static ld_result_t finish(line_discipline_t *ld, ld_result_t result, ld_echo_t *echo) {
    if (result == LD_CANCELLED && visible(ld))
        echo_put(echo, "^C", 2);
    echo_put(echo, "\r\n", 2);
    ld->active = false;
    ld->done_len = result == LD_SUBMITTED ? ld->len : 0;
    if (result != LD_SUBMITTED)
        scrub(ld);
    return result;
}

static ld_result_t submit(line_discipline_t *ld, ld_echo_t *echo) {
    if (ld->len == 0 && !ld->allow_empty) {
        echo_put(echo, "\r\n", 2);
        return LD_REPROMPT;
    }
    return finish(ld, LD_SUBMITTED, echo);
}

/* Removes the last character (a whole UTF-8 sequence); false if empty. */
static bool erase_char(line_discipline_t *ld, ld_echo_t *echo) {
    if (ld->len == 0)
        return false;
    while (ld->len > 0) {
        uint8_t b = ld->buf[--ld->len];
        ld->buf[ld->len] = 0;
        if ((b & 0xc0) != 0x80)
            break;
    }
    if (visible(ld))
        echo_put(echo, "\b \b", 3);
    return true;
}

static void insert(line_discipline_t *ld, uint8_t byte, ld_echo_t *echo) {
    if (ld->len >= ld->max) {
        if (visible(ld))
            echo_put(echo, "\a", 1);
        return;
    }
    ld->buf[ld->len++] = byte;
    if (visible(ld))
        echo_put(echo, (const char *)&byte, 1);
}

/* True when byte belongs to the ESC sequence in progress (and is dropped).
 * A control byte ends the sequence and is handled normally. */
static bool esc_consumes(line_discipline_t *ld, uint8_t byte) {
    if (byte < 0x20 || byte == CH_DEL) {
        ld->esc = ESC_NONE;
        return false;
    }
    if (ld->esc == ESC_START && (byte == '[' || byte == 'O')) {
        ld->esc = byte == '[' ? ESC_CSI : ESC_SS3;
        ld->esc_n = 2;
        return true;
    }
    if (ld->esc == ESC_CSI && byte >= 0x20 && byte <= 0x3f && ++ld->esc_n < LD_ESC_MAX)
        return true; /* parameter or intermediate byte */
    bool final = ld->esc != ESC_CSI || (byte >= 0x40 && byte <= 0x7e);
    ld->esc = ESC_NONE;
    return final;
}

static ld_result_t control(line_discipline_t *ld, uint8_t byte, ld_echo_t *echo) {
    switch (byte) {
    case CH_CTRL_C:
        return finish(ld, LD_CANCELLED, echo);
    case CH_CTRL_D:
        return ld->len == 0 ? finish(ld, LD_CLOSED, echo) : LD_PENDING;
    case CH_BS:
    case CH_DEL:
        (void)erase_char(ld, echo);
        return LD_PENDING;
    case CH_CTRL_U:
        while (erase_char(ld, echo))
            ;
        return LD_PENDING;
    case CH_ESC:
        ld->esc = ESC_START;
        ld->esc_n = 1;
        return LD_PENDING;
    default:
        return LD_PENDING; /* every other control byte is ignored */
    }
}

ld_result_t ld_feed(line_discipline_t *ld, uint8_t byte, ld_echo_t *echo) {
    echo->len = 0;
    bool skip_lf = ld->skip_lf;
    ld->skip_lf = false;
    if (!ld->active || (skip_lf && byte == '\n'))
        return LD_PENDING;
    if (ld->esc != ESC_NONE && esc_consumes(ld, byte))
        return LD_PENDING;
    if (byte == '\r' || byte == '\n') {
        ld->skip_lf = byte == '\r';
        return submit(ld, echo);
    }
    if (byte < 0x20 || byte == CH_DEL)
        return control(ld, byte, echo);
    insert(ld, byte, echo);
    return LD_PENDING;
}

ld_result_t ld_end_of_input(line_discipline_t *ld, ld_echo_t *echo) {
    echo->len = 0;
    if (!ld->active)
        return LD_PENDING;
    return finish(ld, LD_CLOSED, echo);
}

uint32_t ld_take(line_discipline_t *ld, uint8_t *out, uint32_t cap) {
    uint32_t n = ld->done_len < cap ? ld->done_len : cap;
    for (uint32_t i = 0; i < n; i++)
        out[i] = ld->buf[i];
    ld->done_len = 0;
    scrub(ld);
    return n;
}

void ld_abort(line_discipline_t *ld) {
    ld->active = false;
    ld->done_len = 0;
    scrub(ld);
}
