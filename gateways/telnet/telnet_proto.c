/* The Telnet protocol engine, server side (contract in telnet_proto.h). */
#include "telnet_proto.h"

#include <string.h>

/* Parser states. */
enum {
    S_DATA = 0, /* plain data */
    S_CR,       /* a CR arrived; the next byte decides what it meant */
    S_IAC,      /* IAC arrived in data */
    S_NEG,      /* IAC WILL/WONT/DO/DONT arrived; the option byte is next */
    S_SB_OPT,   /* IAC SB arrived; the option byte is next */
    S_SB,       /* inside a subnegotiation payload */
    S_SB_IAC,   /* IAC arrived inside a subnegotiation */
};

/* RFC 1143 states of one side of one option (WANTNO is never entered: we
 * only ever ask to enable, and a disable request is acknowledged at once). */
enum { Q_NO = 0, Q_YES, Q_WANTYES };

#define CH_CTRL_C 0x03u
#define CH_CTRL_D 0x04u
#define CH_CTRL_U 0x15u
#define CH_DEL 0x7fu

_Static_assert(sizeof(TELNET_AYT_TEXT) - 1 <= TELNET_STEP_REPLY_MAX, "AYT answer fits one step");

/* Options we agree to: on our side (client sent DO) or on the client's side
 * (client sent WILL). Everything else is refused. */
static bool agree_local(uint8_t opt) {
    return opt == TELNET_OPT_ECHO || opt == TELNET_OPT_SGA;
}

static bool agree_remote(uint8_t opt) {
    return opt == TELNET_OPT_NAWS || opt == TELNET_OPT_TTYPE;
}

static void count(uint32_t *counter) {
    if (*counter != UINT32_MAX)
        (*counter)++;
}

/* telnet_feed() reserves room before each byte, so these never overflow;
 * the checks keep that true even if a caller misuses telnet_out_t. */
static void put_data(telnet_out_t *out, uint8_t b) {
    if (out->data_len < TELNET_DATA_MAX)
        out->data[out->data_len++] = b;
}

static void put_reply(telnet_out_t *out, const uint8_t *bytes, uint32_t n) {
    if (n > TELNET_REPLY_MAX - out->reply_len)
        return;
    memcpy(out->reply + out->reply_len, bytes, n);
    out->reply_len += n;
}

static void out_reset(telnet_out_t *out) {
    out->data_len = 0;
    out->reply_len = 0;
    out->events = 0;
}

void telnet_init(telnet_t *tn) {
    memset(tn, 0, sizeof(*tn));
    tn->cols = TELNET_DEFAULT_COLS;
    tn->rows = TELNET_DEFAULT_ROWS;
}

/* Spends one reply of opt's budget; false when the budget is gone. */
static bool spend_reply(telnet_t *tn, uint8_t opt) {
    if (tn->replies[opt] >= TELNET_OPTION_REPLIES_MAX) {
        count(&tn->errors.negotiation_ignored);
        return false;
    }
    tn->replies[opt]++;
    return true;
}

uint32_t telnet_offer(telnet_t *tn, uint8_t *out, uint32_t cap) {
    static const uint8_t offer[TELNET_OFFER_LEN] = {
        TELNET_IAC, TELNET_WILL, TELNET_OPT_ECHO, TELNET_IAC, TELNET_WILL, TELNET_OPT_SGA,
        TELNET_IAC, TELNET_DO,   TELNET_OPT_NAWS, TELNET_IAC, TELNET_DO,   TELNET_OPT_TTYPE,
    };
    if (tn->offered || cap < TELNET_OFFER_LEN)
        return 0;
    memcpy(out, offer, TELNET_OFFER_LEN);
    tn->offered = true;
    tn->us[TELNET_OPT_ECHO] = Q_WANTYES;
    tn->us[TELNET_OPT_SGA] = Q_WANTYES;
    tn->him[TELNET_OPT_NAWS] = Q_WANTYES;
    tn->him[TELNET_OPT_TTYPE] = Q_WANTYES;
    for (uint32_t i = 0; i < TELNET_OFFER_LEN; i += 3)
        tn->replies[offer[i + 2]]++;
    return TELNET_OFFER_LEN;
}

/* The client's TTYPE just became YES: ask for its name, once. */
static void remote_enabled(telnet_t *tn, uint8_t opt, telnet_out_t *out) {
    static const uint8_t send[] = {TELNET_IAC,        TELNET_SB,  TELNET_OPT_TTYPE,
                                   TELNET_TTYPE_SEND, TELNET_IAC, TELNET_SE};
    if (opt != TELNET_OPT_TTYPE || tn->ttype_requested)
        return;
    tn->ttype_requested = true;
    put_reply(out, send, sizeof(send));
}

/*
 * One received WILL/WONT (remote: q is tn->him) or DO/DONT (local: tn->us),
 * by RFC 1143 with the queue always empty:
 *   enable request:  NO -> agree ? (YES, reply yes) : (reply no); YES -> ignore;
 *                    WANTYES -> YES (our request was accepted)
 *   disable request: NO -> ignore; YES -> (NO, reply no);
 *                    WANTYES -> NO (our request was refused)
 * A needed reply first spends the option's budget; without budget the
 * request is ignored entirely, state included.
 */
static void negotiate(telnet_t *tn, uint8_t verb, uint8_t opt, telnet_out_t *out) {
    bool remote = verb == TELNET_WILL || verb == TELNET_WONT;
    bool enable = verb == TELNET_WILL || verb == TELNET_DO;
    uint8_t *q = remote ? &tn->him[opt] : &tn->us[opt];
    bool agree = remote ? agree_remote(opt) : agree_local(opt);
    uint8_t yes = remote ? TELNET_DO : TELNET_WILL;
    uint8_t no = remote ? TELNET_DONT : TELNET_WONT;
    uint8_t before = *q;
    uint8_t reply = 0;

    if (enable && *q == Q_NO)
        reply = agree ? yes : no;
    else if (!enable && *q == Q_YES)
        reply = no;
    if (reply != 0) {
        if (!spend_reply(tn, opt))
            return;
        uint8_t msg[3] = {TELNET_IAC, reply, opt};
        put_reply(out, msg, sizeof(msg));
    }
    if (enable && (*q == Q_WANTYES || reply == yes))
        *q = Q_YES;
    else if (!enable)
        *q = Q_NO;
    if (*q != before) {
        out->events |= TELNET_EV_OPTIONS;
        if (remote && *q == Q_YES)
            remote_enabled(tn, opt, out);
    }
}

/* 0 keeps the previous value; otherwise clamp to 1..TELNET_WINDOW_MAX. */
static uint16_t window_dim(uint16_t v, uint16_t prev) {
    if (v == 0)
        return prev;
    return v > TELNET_WINDOW_MAX ? (uint16_t)TELNET_WINDOW_MAX : v;
}

static void sb_naws(telnet_t *tn, telnet_out_t *out) {
    if (tn->sb_len != 4) {
        count(&tn->errors.sb_malformed);
        return;
    }
    uint16_t cols = window_dim((uint16_t)(tn->sb[0] << 8 | tn->sb[1]), tn->cols);
    uint16_t rows = window_dim((uint16_t)(tn->sb[2] << 8 | tn->sb[3]), tn->rows);
    if (cols != tn->cols || rows != tn->rows)
        out->events |= TELNET_EV_NAWS;
    tn->cols = cols;
    tn->rows = rows;
    tn->window_known = true;
}

/* IS <name>: the name is 1..TELNET_TTYPE_MAX printable ASCII bytes. */
static void sb_ttype(telnet_t *tn, telnet_out_t *out) {
    bool ok = tn->sb_len >= 2 && tn->sb_len - 1 <= TELNET_TTYPE_MAX && tn->sb[0] == TELNET_TTYPE_IS;
    for (uint32_t i = 1; ok && i < tn->sb_len; i++)
        ok = tn->sb[i] > 0x20 && tn->sb[i] < 0x7f;
    if (!ok) {
        count(&tn->errors.sb_malformed);
        return;
    }
    uint32_t n = tn->sb_len - 1;
    memcpy(tn->ttype, tn->sb + 1, n);
    tn->ttype_len = (uint8_t)n;
    out->events |= TELNET_EV_TTYPE;
}

/* IAC SE closed a subnegotiation: act on it if it is one we asked for. */
static void sb_end(telnet_t *tn, telnet_out_t *out) {
    if (tn->sb_overflow) {
        count(&tn->errors.sb_oversized);
        return;
    }
    if (tn->him[tn->sb_opt] != Q_YES) {
        count(&tn->errors.sb_malformed);
        return;
    }
    if (tn->sb_opt == TELNET_OPT_NAWS)
        sb_naws(tn, out);
    else if (tn->sb_opt == TELNET_OPT_TTYPE)
        sb_ttype(tn, out);
    else
        count(&tn->errors.sb_malformed); /* unreachable: only these two are accepted */
}

static void sb_put(telnet_t *tn, uint8_t b) {
    if (tn->sb_len < TELNET_SB_MAX)
        tn->sb[tn->sb_len++] = b;
    else
        tn->sb_overflow = true;
}

static void answer_ayt(telnet_t *tn, telnet_out_t *out) {
    static const char text[] = TELNET_AYT_TEXT;
    if (tn->ayt_answered >= TELNET_AYT_MAX) {
        count(&tn->errors.ayt_ignored);
        return;
    }
    tn->ayt_answered++;
    put_reply(out, (const uint8_t *)text, sizeof(text) - 1);
}

/* The byte after IAC (in data, or one that aborted a subnegotiation). */
static void command(telnet_t *tn, uint8_t b, telnet_out_t *out) {
    tn->state = S_DATA;
    switch (b) {
    case TELNET_IAC:
        put_data(out, TELNET_IAC);
        break;
    case TELNET_WILL:
    case TELNET_WONT:
    case TELNET_DO:
    case TELNET_DONT:
        tn->verb = b;
        tn->state = S_NEG;
        break;
    case TELNET_SB:
        tn->state = S_SB_OPT;
        break;
    case TELNET_SE:
        count(&tn->errors.stray_se);
        break;
    case TELNET_IP:
    case TELNET_BRK:
    case TELNET_ABORT:
        put_data(out, CH_CTRL_C);
        out->events |= TELNET_EV_INTERRUPT;
        break;
    case TELNET_EOF:
        put_data(out, CH_CTRL_D);
        break;
    case TELNET_EC:
        put_data(out, CH_DEL);
        break;
    case TELNET_EL:
        put_data(out, CH_CTRL_U);
        break;
    case TELNET_AYT:
        answer_ayt(tn, out);
        break;
    case TELNET_NOP:
    case TELNET_DM:
    case TELNET_GA:
    case TELNET_AO:
    case TELNET_SUSP:
    case TELNET_EOR:
        break; /* nothing to do for a server without output queues or job control */
    default:
        count(&tn->errors.unknown_command);
        break;
    }
}

static void data_byte(telnet_t *tn, uint8_t b, telnet_out_t *out) {
    if (b == TELNET_IAC)
        tn->state = S_IAC;
    else if (b == '\r')
        tn->state = S_CR;
    else
        put_data(out, b);
}

static void step(telnet_t *tn, uint8_t b, telnet_out_t *out) {
    switch (tn->state) {
    case S_CR:
        tn->state = S_DATA;
        if (b == '\n') {
            put_data(out, '\n');
            return;
        }
        put_data(out, '\r');
        if (b != 0)
            data_byte(tn, b, out);
        return;
    case S_IAC:
        command(tn, b, out);
        return;
    case S_NEG:
        tn->state = S_DATA;
        negotiate(tn, tn->verb, b, out);
        return;
    case S_SB_OPT:
        tn->sb_opt = b;
        tn->sb_len = 0;
        tn->sb_overflow = false;
        tn->state = S_SB;
        return;
    case S_SB:
        if (b == TELNET_IAC)
            tn->state = S_SB_IAC;
        else
            sb_put(tn, b);
        return;
    case S_SB_IAC:
        if (b == TELNET_IAC) {
            sb_put(tn, TELNET_IAC);
            tn->state = S_SB;
        } else if (b == TELNET_SE) {
            tn->state = S_DATA;
            sb_end(tn, out);
        } else {
            count(&tn->errors.sb_malformed);
            command(tn, b, out);
        }
        return;
    default:
        data_byte(tn, b, out);
        return;
    }
}

size_t telnet_feed(telnet_t *tn, const uint8_t *in, size_t n, telnet_out_t *out) {
    out_reset(out);
    size_t i = 0;
    while (i < n && out->data_len + TELNET_STEP_DATA_MAX <= TELNET_DATA_MAX &&
           out->reply_len + TELNET_STEP_REPLY_MAX <= TELNET_REPLY_MAX)
        step(tn, in[i++], out);
    return i;
}

void telnet_finish(telnet_t *tn, telnet_out_t *out) {
    out_reset(out);
    if (tn->state == S_CR)
        put_data(out, '\r');
    else if (tn->state != S_DATA)
        count(&tn->errors.truncated);
    tn->state = S_DATA;
    tn->sb_len = 0;
    tn->sb_overflow = false;
}

bool telnet_local_enabled(const telnet_t *tn, uint8_t opt) {
    return tn->us[opt] == Q_YES;
}

bool telnet_remote_enabled(const telnet_t *tn, uint8_t opt) {
    return tn->him[opt] == Q_YES;
}

void telnet_window(const telnet_t *tn, uint16_t *cols, uint16_t *rows) {
    *cols = tn->cols;
    *rows = tn->rows;
}

uint32_t telnet_error_total(const telnet_t *tn) {
    const uint32_t parts[] = {
        tn->errors.unknown_command, tn->errors.stray_se,  tn->errors.sb_oversized,
        tn->errors.sb_malformed,    tn->errors.truncated, tn->errors.negotiation_ignored,
        tn->errors.ayt_ignored,
    };
    uint32_t total = 0;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        total = parts[i] > UINT32_MAX - total ? UINT32_MAX : total + parts[i];
    return total;
}
