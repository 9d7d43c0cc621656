/*
 * The terminal's line discipline: a pure state machine that turns input bytes
 * into one edited line at a time, plus the bytes to echo back. It does no
 * I/O; the caller sends the echo bytes and delivers the result.
 *
 * One line at a time: ld_begin() starts a line request, ld_feed() consumes
 * input bytes one by one until a result other than LD_PENDING, then
 * ld_take() copies the submitted line out. Every completion (submit, cancel,
 * close) scrubs the edit buffer; ld_take() scrubs it again after copying.
 *
 * Input rules (the same in both echo modes unless noted):
 *   printable (0x20..0x7e, and bytes >= 0x80 for UTF-8)  appended while
 *       the line holds fewer than its limit; beyond it ignored (a BEL is
 *       echoed in visible mode)
 *   CR or LF        submit; a CR directly followed by LF counts once (the LF
 *                   is swallowed, even when it arrives with the next line)
 *   BS or DEL       erase one character (a whole UTF-8 sequence)
 *   Ctrl-U          erase the whole line
 *   Ctrl-C          cancelled: the line is discarded, nothing is returned
 *   Ctrl-D          closed when the line is empty, else ignored
 *   ESC sequences   (ESC [ ... final, ESC O x, ESC x) ignored as a whole
 *   other controls  ignored
 *   ld_end_of_input() (the transport ended)  closed, line discarded
 * A submit of an empty line with allow_empty false completes nothing: the
 * request stays active and the result is LD_REPROMPT (print the prompt again).
 *
 * Echo: visible mode echoes each accepted printable byte, "\b \b" per erased
 * character, "^C" before the newline of a cancel, and "\r\n" on every
 * completion. Hidden mode echoes nothing but that final "\r\n": no typed
 * byte, no mask character, no erase, no bell.
 */
#ifndef CAPOS_TERMINAL_LINE_DISCIPLINE_H
#define CAPOS_TERMINAL_LINE_DISCIPLINE_H

#include <stdbool.h>
#include <stdint.h>

/* Hard ceiling of one line, whatever a caller asks for. */
#define LD_CEILING 512u
/* Most echo bytes one input byte can produce (Ctrl-U on a full line). */
#define LD_ECHO_MAX (3u * LD_CEILING)
/* Longest ESC sequence skipped as one; a longer one ends the skipping. */
#define LD_ESC_MAX 16u

#define LD_ECHO_VISIBLE 0u
#define LD_ECHO_HIDDEN 1u

/* Results; the non-pending values are the TerminalSession line statuses. */
typedef enum {
    LD_SUBMITTED = 0,
    LD_CANCELLED = 1,
    LD_CLOSED = 2,
    LD_PENDING = 3,  /* more input needed (or no line request active) */
    LD_REPROMPT = 4, /* empty line refused; still active, show the prompt again */
} ld_result_t;

typedef struct {
    uint8_t bytes[LD_ECHO_MAX];
    uint32_t len;
} ld_echo_t;

typedef struct {
    uint8_t buf[LD_CEILING]; /* the edit buffer; scrubbed on completion */
    uint32_t len;
    uint32_t max; /* min(request, LD_CEILING) */
    uint32_t echo;
    bool allow_empty;
    bool active;       /* a line request is in progress */
    bool skip_lf;      /* the last byte was a submitting CR */
    uint8_t esc;       /* ESC-sequence state (line_discipline.c) */
    uint8_t esc_n;     /* bytes of the current ESC sequence */
    uint32_t done_len; /* length of a submitted line, until ld_take */
} line_discipline_t;

/* A fresh discipline: no line request, no stream state. */
void ld_init(line_discipline_t *ld);

/* Starts a line request. max_bytes is capped at LD_CEILING; callers reject
 * 0 and echo modes other than visible/hidden before calling. */
void ld_begin(line_discipline_t *ld, uint32_t max_bytes, uint32_t echo, bool allow_empty);

/* Consumes one input byte. echo is reset, then receives the bytes to send.
 * Without an active request the byte is ignored (LD_PENDING, no echo). */
ld_result_t ld_feed(line_discipline_t *ld, uint8_t byte, ld_echo_t *echo);

/* The transport ended: an active request completes as LD_CLOSED. */
ld_result_t ld_end_of_input(line_discipline_t *ld, ld_echo_t *echo);

/* After LD_SUBMITTED: copies the line (at most cap bytes) to out, returns its
 * length and scrubs every copy the discipline held. 0 otherwise. */
uint32_t ld_take(line_discipline_t *ld, uint8_t *out, uint32_t cap);

/* Abandons any request and scrubs the buffer (e.g. the reader went away). */
void ld_abort(line_discipline_t *ld);

#endif
