/*
 * The server side of the Telnet protocol (RFC 854) as a pure state machine:
 * client bytes in; data bytes for the line discipline, bytes to send back and
 * events out. It does no I/O and never allocates; all state is in telnet_t.
 *
 * Option negotiation follows RFC 1143 (the Q method), so it can never loop:
 * a request that matches the current state is ignored, and every reply
 * answers one real state change. The server never changes its own mind after
 * the initial offer, so the states WANTNO and the queue bit of RFC 1143 are
 * never entered; each side of an option is NO, YES or WANTYES.
 *
 * Accepted options: ECHO and SGA on the server side (we echo, no go-aheads),
 * NAWS (RFC 1073) and TTYPE (RFC 1091) on the client side. Every other
 * request is refused (WONT/DONT). On top of RFC 1143, each option has a reply
 * budget (TELNET_OPTION_REPLIES_MAX): a client that keeps flipping an option
 * or repeating a refused request gets that many answers in the life of the
 * connection, then silence (counted in errors.negotiation_ignored). Ignoring
 * a request is always safe under RFC 1143; it cannot start a loop.
 *
 * Data (NVT, RFC 854; TRANSMIT-BINARY is refused, so this always applies):
 *   IAC IAC      -> 0xff
 *   CR LF        -> '\n'
 *   CR NUL       -> '\r'
 *   CR <other>   -> '\r', then <other> is handled as usual
 *   IAC IP, IAC BRK, IAC ABORT -> 0x03 (Ctrl-C) and TELNET_EV_INTERRUPT
 *   IAC EOF      -> 0x04 (Ctrl-D; a Ctrl-D typed as data is just data)
 *   IAC EC       -> 0x7f (erase character), IAC EL -> 0x15 (erase line)
 *   IAC AYT      -> TELNET_AYT_TEXT in the replies, at most TELNET_AYT_MAX
 *                   times per connection (then counted in errors.ayt_ignored)
 *   IAC NOP, DM, GA, AO, SUSP, EOR -> nothing
 * Control functions become in-band bytes so they keep their place relative to
 * the typed data, exactly as the keys they stand for would.
 *
 * Malformed input, handled deterministically and counted in telnet_errors_t:
 *   IAC <byte below 236>            both bytes dropped (unknown_command)
 *   IAC SE outside a subnegotiation dropped (stray_se)
 *   SB payload over TELNET_SB_MAX   skipped up to IAC SE, then dropped
 *                                   (sb_oversized)
 *   IAC <command> inside SB         the SB is dropped, the command handled
 *                                   (sb_malformed)
 *   SB for an option not enabled, NAWS not 4 bytes, TTYPE not IS <name>
 *                                   dropped (sb_malformed)
 *   a sequence cut by the end of the stream (telnet_finish)  truncated
 *
 * Resumable at every byte: telnet_feed() may be given the stream in any
 * chunks; the concatenation of its outputs does not depend on where the
 * stream was split. The engine holds no data line: at most one pending CR.
 */
#ifndef CAPOS_TELNET_PROTO_H
#define CAPOS_TELNET_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Commands (RFC 854, RFC 885 for EOR, RFC 1184 for EOF/SUSP/ABORT). */
#define TELNET_EOF 236u
#define TELNET_SUSP 237u
#define TELNET_ABORT 238u
#define TELNET_EOR 239u
#define TELNET_SE 240u
#define TELNET_NOP 241u
#define TELNET_DM 242u
#define TELNET_BRK 243u
#define TELNET_IP 244u
#define TELNET_AO 245u
#define TELNET_AYT 246u
#define TELNET_EC 247u
#define TELNET_EL 248u
#define TELNET_GA 249u
#define TELNET_SB 250u
#define TELNET_WILL 251u
#define TELNET_WONT 252u
#define TELNET_DO 253u
#define TELNET_DONT 254u
#define TELNET_IAC 255u

/* Options. */
#define TELNET_OPT_BINARY 0u
#define TELNET_OPT_ECHO 1u
#define TELNET_OPT_SGA 3u
#define TELNET_OPT_TTYPE 24u
#define TELNET_OPT_NAWS 31u
#define TELNET_OPT_LINEMODE 34u

/* TTYPE subnegotiation codes (RFC 1091). */
#define TELNET_TTYPE_IS 0u
#define TELNET_TTYPE_SEND 1u

/* Longest subnegotiation payload kept (after the option byte, unescaped). */
#define TELNET_SB_MAX 64u
/* Longest terminal type name kept (RFC 1091 allows 40 characters). */
#define TELNET_TTYPE_MAX 40u
/* Replies one option may cause in the life of a connection. */
#define TELNET_OPTION_REPLIES_MAX 8u
/* AYT questions answered per connection. */
#define TELNET_AYT_MAX 16u
/* Window sizes are clamped to 1..TELNET_WINDOW_MAX; 0 keeps the last value. */
#define TELNET_WINDOW_MAX 1000u
#define TELNET_DEFAULT_COLS 80u
#define TELNET_DEFAULT_ROWS 24u

/* The answer to AYT: plain ASCII, already NVT (no IAC, CR LF line ends). */
#define TELNET_AYT_TEXT "\r\n[capOS telnet: yes]\r\n"

/* Output capacities of one telnet_feed() call, and the most one input byte
 * can add to each (feed stops early rather than overflow). */
#define TELNET_DATA_MAX 512u
#define TELNET_REPLY_MAX 256u
#define TELNET_STEP_DATA_MAX 2u   /* a pending CR plus the byte itself */
#define TELNET_STEP_REPLY_MAX 32u /* AYT text; or DO TTYPE + SB TTYPE SEND */

/* The initial offer: IAC WILL ECHO, IAC WILL SGA, IAC DO NAWS, IAC DO TTYPE. */
#define TELNET_OFFER_LEN 12u

/* Events of one telnet_feed() call (a bit set). */
#define TELNET_EV_NAWS 0x1u      /* the window size changed: telnet_window() */
#define TELNET_EV_TTYPE 0x2u     /* a terminal type arrived: tn->ttype */
#define TELNET_EV_INTERRUPT 0x4u /* IP/BRK/ABORT (also 0x03 in the data) */
#define TELNET_EV_OPTIONS 0x8u   /* an option changed state */

/* Protocol errors seen so far (each counter saturates). */
typedef struct {
    uint32_t unknown_command;
    uint32_t stray_se;
    uint32_t sb_oversized;
    uint32_t sb_malformed;
    uint32_t truncated;
    uint32_t negotiation_ignored;
    uint32_t ayt_ignored;
} telnet_errors_t;

typedef struct {
    uint8_t state;  /* parser state (telnet_proto.c) */
    uint8_t verb;   /* WILL/WONT/DO/DONT awaiting its option byte */
    uint8_t sb_opt; /* option of the subnegotiation in progress */
    bool sb_overflow;
    uint32_t sb_len; /* <= TELNET_SB_MAX */
    uint8_t sb[TELNET_SB_MAX];

    uint8_t us[256];      /* Q state of options on our side (telnet_proto.c) */
    uint8_t him[256];     /* Q state of options on the client's side */
    uint8_t replies[256]; /* replies spent per option, <= TELNET_OPTION_REPLIES_MAX */
    bool offered;
    bool ttype_requested; /* SB TTYPE SEND sent (once per connection) */
    uint32_t ayt_answered;

    uint16_t cols, rows; /* 1..TELNET_WINDOW_MAX */
    bool window_known;   /* a valid NAWS arrived */
    uint8_t ttype_len;   /* 0: none received */
    uint8_t ttype[TELNET_TTYPE_MAX];

    telnet_errors_t errors;
} telnet_t;

/* What one telnet_feed() or telnet_finish() call produced. */
typedef struct {
    uint8_t data[TELNET_DATA_MAX]; /* for the line discipline / terminal */
    uint32_t data_len;
    uint8_t reply[TELNET_REPLY_MAX]; /* send these to the client */
    uint32_t reply_len;
    uint32_t events; /* TELNET_EV_* */
} telnet_out_t;

/* A fresh engine: every option off, window 80x24 (unknown), no offer yet. */
void telnet_init(telnet_t *tn);

/* Writes the initial offer (TELNET_OFFER_LEN bytes) to out and marks those
 * options as requested. Returns the length, or 0 (nothing changed) when cap
 * is too small or the offer was already made. Call it before any input. */
uint32_t telnet_offer(telnet_t *tn, uint8_t *out, uint32_t cap);

/* Consumes client bytes until all n are consumed or out is nearly full; out
 * is reset first. Returns the bytes consumed, at least 1 when n > 0: call
 * again with the rest after sending out->reply and delivering out->data. */
size_t telnet_feed(telnet_t *tn, const uint8_t *in, size_t n, telnet_out_t *out);

/* The client's stream ended: a pending CR is delivered, a cut sequence is
 * counted as truncated, and the parser returns to plain data. */
void telnet_finish(telnet_t *tn, telnet_out_t *out);

/* Whether an option is on (state YES) on our side / the client's side. */
bool telnet_local_enabled(const telnet_t *tn, uint8_t opt);
bool telnet_remote_enabled(const telnet_t *tn, uint8_t opt);

/* The client's window size (TELNET_DEFAULT_COLS x ROWS until NAWS says). */
void telnet_window(const telnet_t *tn, uint16_t *cols, uint16_t *rows);

/* Sum of every error counter (saturating). */
uint32_t telnet_error_total(const telnet_t *tn);

#endif
