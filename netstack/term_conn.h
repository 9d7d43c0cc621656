/*
 * One TCP connection turned terminal (TcpSocket.into_terminal_session) as a
 * pure state machine: the wire protocol (raw or Telnet), the terminal's line
 * discipline and a bounded queue of bytes for the peer. It does no I/O and
 * never allocates; the netstack's glue (tcp_terminal.c) hands it received
 * bytes, moves its output into lwIP and answers the calls.
 *
 * Protocols:
 *   TERM_PROTOCOL_RAW     input goes to the line discipline as it is (a line
 *                         ends at CR, LF or CR LF); output "\n" not preceded
 *                         by "\r" goes out as CR LF; the echo goes out as is
 *   TERM_PROTOCOL_TELNET  the Telnet engine (telnet_proto.h): its offer is
 *                         queued by term_init, its replies are queued as they
 *                         come, its data feeds the line discipline through
 *                         telnet_line.h; output is NVT (telnet_encode.h: "\n"
 *                         as CR LF, 0xff doubled); NAWS sets the window
 *
 * Input (term_run): received bytes are decoded only while the decoded
 * type-ahead (`cooked`, at most TELNET_DATA_MAX bytes) is empty, and given to
 * the line discipline only while a line request is active and its prompt is
 * out. So Telnet negotiation and window changes are seen even with no reader,
 * until TELNET_DATA_MAX bytes of typed data wait; then the caller's receive
 * buffer (and with it the TCP window) holds the rest. Bytes after a completed
 * line stay as type-ahead for the next request.
 *
 * Output: one queue of TERM_OUT_BYTES, oldest first, taken by the caller as
 * lwIP has room (term_out, term_out_taken). Everything that goes into it is
 * whole encoded units. Room is split so nothing can starve the one waiting
 * TerminalSession write: that write may use TERM_ENCODED_WRITE_MAX bytes the
 * rest never touches, and input is processed only while a step's worst-case
 * output (TERM_STEP_OUT_MAX) fits what is left. A peer that does not read
 * thus stops its own input, never loses a byte of echo or negotiation, and
 * holds at most this queue.
 *
 * One line at a time: term_begin_line starts it (from either side; a second
 * one is QUEUE_FULL), term_line_done says when it completed, term_take_line
 * returns it (status as TerminalSession.read_line) and scrubs every copy.
 * term_hangup ends everything at once (peer reset, close): pending input
 * and output are dropped and an active line completes as closed.
 */
#ifndef CAPOS_NETSTACK_TERM_CONN_H
#define CAPOS_NETSTACK_TERM_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/abi.h"
#include "line_discipline.h"
#include "telnet_line.h"
#include "telnet_proto.h"

#define TERM_PROTOCOL_RAW 0u
#define TERM_PROTOCOL_TELNET 1u
#define TERM_PROTOCOL_PIPE 2u

#define TERM_PROMPT_MAX 200u     /* read_line's prompt: string<200> */
#define TERM_WRITE_MAX 1016u     /* write's data: bytes<1016> */
#define TERM_LINE_MAX LD_CEILING /* read_line's line: bytes<512> */
#define TERM_RAW_COLS 80u        /* size() of a raw terminal */
#define TERM_RAW_ROWS 24u
#define TERM_WINDOW_MAX 1000u /* term_set_window clamps each way */

/* Every output byte may double (IAC IAC, LF as CR LF). */
#define TERM_ENCODED_WRITE_MAX (2u * TERM_WRITE_MAX)
/* The most one input step can queue: the echo of one byte, or the replies
 * of one telnet_feed call. */
#define TERM_STEP_OUT_MAX TELNET_LINE_STEP_ECHO_MAX
/* Two steps' worth for everything else, so input goes on while the echo of
 * earlier bytes is still queued (one step would stop it after every byte). */
#define TERM_OUT_BYTES (TERM_ENCODED_WRITE_MAX + 2u * TERM_STEP_OUT_MAX)
_Static_assert(TERM_STEP_OUT_MAX >= TELNET_REPLY_MAX, "replies fit a step");
_Static_assert(TERM_STEP_OUT_MAX >= 2u * TERM_PROMPT_MAX, "a prompt fits a step");
_Static_assert(TERM_OUT_BYTES - TERM_ENCODED_WRITE_MAX >= TERM_ENCODED_WRITE_MAX,
               "an empty queue takes any control write");

/* term_take_events bits. */
#define TERM_EV_LINE 0x1u   /* the line request completed */
#define TERM_EV_WINDOW 0x2u /* the window size changed */

typedef struct term_conn {
    uint32_t protocol;
    telnet_t tn; /* TERM_PROTOCOL_TELNET */
    line_discipline_t ld;

    /* The line request. */
    bool line_active;        /* begun, not yet taken */
    bool prompt_due;         /* its prompt waits for room in the queue */
    ld_result_t line_result; /* LD_PENDING until it completes */
    uint32_t prompt_len;
    uint8_t prompt[TERM_PROMPT_MAX];

    /* Decoded input not yet given to the line discipline. */
    uint8_t cooked[TELNET_DATA_MAX];
    uint32_t cooked_head, cooked_len;
    bool input_ended; /* the stream ended and everything was decoded */

    /* Bytes for the peer. */
    uint8_t out[TERM_OUT_BYTES];
    uint32_t out_len;
    uint32_t write_end; /* 0: no session write queued; else the queue offset past it */
    uint32_t write_len; /* that write's encoded length */

    uint32_t events;     /* TERM_EV_* not yet taken */
    uint32_t cols, rows; /* raw and pipe: term_set_window's */
} term_conn_t;

/* A fresh terminal. BAD_ARGS for an unknown protocol (t untouched). Telnet
 * queues its offer. */
cap_err_t term_init(term_conn_t *t, uint32_t protocol);

/* Consumes received bytes in[0..n) as far as the rules above allow and runs
 * the line discipline; returns how many were consumed (the rest stays with
 * the caller). at_end: in[0..n) is all that will ever come, so once it is
 * consumed an active line completes as closed. Sets *progress when anything
 * changed (input taken, output queued, a line completed). */
size_t term_run(term_conn_t *t, const uint8_t *in, size_t n, bool at_end, bool *progress);

/* Starts a line request: the prompt goes out as soon as there is room, then
 * input is edited. BAD_ARGS (max_bytes 0, an echo mode other than
 * visible/hidden, a prompt over TERM_PROMPT_MAX), QUEUE_FULL while another
 * line is active. Call term_run afterwards. */
cap_err_t term_begin_line(term_conn_t *t, const uint8_t *prompt, uint32_t prompt_len,
                          uint32_t max_bytes, uint32_t echo, bool allow_empty);
bool term_line_active(const term_conn_t *t);
bool term_line_done(const term_conn_t *t);
/* After term_line_done: the status (LD_SUBMITTED, LD_CANCELLED, LD_CLOSED)
 * and the line (submitted only) in out; ends the request and scrubs the
 * discipline. Returns the line's length. */
uint32_t term_take_line(term_conn_t *t, uint32_t *status, uint8_t *out, uint32_t cap);

/* Queues data (and "\n" when newline) encoded for the protocol.
 *   session  the TerminalSession's write: QUEUE_FULL while its previous
 *            write is still queued; otherwise it always fits, and
 *            term_write_queued() stays true until lwIP took all of it
 *   control  TerminalControl.write: all of it, or WOULD_BLOCK
 * BAD_ARGS for more than TERM_WRITE_MAX bytes. */
cap_err_t term_write(term_conn_t *t, const uint8_t *data, uint32_t n, bool newline, bool session);
bool term_write_queued(const term_conn_t *t);

/* The queued output (*len bytes; NULL when empty) and how much of it the
 * caller moved on; taking everything ends a queued session write. */
const uint8_t *term_out(const term_conn_t *t, uint32_t *len);
void term_out_taken(term_conn_t *t, uint32_t n);
/* Drops the queued output (the peer is gone). */
void term_out_discard(term_conn_t *t);

/* The connection ended abruptly: input and output are dropped, an active
 * line completes as closed, and later lines complete as closed at once. */
void term_hangup(term_conn_t *t);
bool term_input_ended(const term_conn_t *t);

/* TERM_EV_* since the last call, cleared. */
uint32_t term_take_events(term_conn_t *t);
/* The peer's window (80x24 until NAWS says otherwise; raw: 80x24 and pipe
 * 0x0 until term_set_window). */
void term_window(const term_conn_t *t, uint32_t *cols, uint32_t *rows);
/* Raw and pipe: the window the transport reports (an SSH pty-req or
 * window-change), each way clamped to TERM_WINDOW_MAX; TERM_EV_WINDOW when
 * it changed. Ignored for Telnet (NAWS decides). */
void term_set_window(term_conn_t *t, uint32_t cols, uint32_t rows);

/* Scrubs all of t (typed input, the line, queued output). */
void term_scrub(term_conn_t *t);

#endif
