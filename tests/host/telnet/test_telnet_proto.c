/* Host tests of the Telnet protocol engine (gateways/telnet/telnet_proto.h). */
#include "check.h"
#include "telnet_proto.h"

/* Byte strings; each escape is its own literal so a following hex digit is
 * never swallowed into it. */
#define IAC "\xff"
#define WILL "\xfb"
#define WONT "\xfc"
#define DO "\xfd"
#define DONT "\xfe"
#define SB "\xfa"
#define SE "\xf0"
#define O_BINARY "\x00"
#define O_ECHO "\x01"
#define O_SGA "\x03"
#define O_TTYPE "\x18"
#define O_NAWS "\x1f"
#define O_LINEMODE "\x22"

/* Everything a run produced, concatenated over telnet_feed() calls. */
typedef struct {
    uint8_t data[16384];
    size_t data_len;
    uint8_t reply[16384];
    size_t reply_len;
    uint32_t events;
    unsigned calls;
} acc_t;

static telnet_t tn;
static acc_t acc;

static void acc_add(acc_t *a, const telnet_out_t *out) {
    CHECK(out->data_len <= TELNET_DATA_MAX);
    CHECK(out->reply_len <= TELNET_REPLY_MAX);
    if (a->data_len + out->data_len <= sizeof(a->data)) {
        memcpy(a->data + a->data_len, out->data, out->data_len);
        a->data_len += out->data_len;
    }
    if (a->reply_len + out->reply_len <= sizeof(a->reply)) {
        memcpy(a->reply + a->reply_len, out->reply, out->reply_len);
        a->reply_len += out->reply_len;
    }
    a->events |= out->events;
    a->calls++;
}

/* Feeds all n bytes (as many calls as the engine needs) into a. */
static void feed_into(telnet_t *t, const void *in, size_t n, acc_t *a) {
    static telnet_out_t out;
    size_t off = 0;
    while (off < n) {
        size_t used = telnet_feed(t, (const uint8_t *)in + off, n - off, &out);
        if (!CHECK(used >= 1 && used <= n - off))
            return;
        acc_add(a, &out);
        off += used;
    }
}

static void finish_into(telnet_t *t, acc_t *a) {
    static telnet_out_t out;
    telnet_finish(t, &out);
    acc_add(a, &out);
}

/* Resets the accumulator, then feeds a string literal. */
#define FEED(s)                                                                                    \
    do {                                                                                           \
        memset(&acc, 0, sizeof(acc));                                                              \
        feed_into(&tn, (s), sizeof(s) - 1, &acc);                                                  \
    } while (0)
#define DATA_IS(s) (acc.data_len == sizeof(s) - 1 && memcmp(acc.data, (s), sizeof(s) - 1) == 0)
#define REPLY_IS(s) (acc.reply_len == sizeof(s) - 1 && memcmp(acc.reply, (s), sizeof(s) - 1) == 0)

/* A fresh engine that has sent its offer. */
static void start(void) {
    uint8_t offer[TELNET_OFFER_LEN];
    telnet_init(&tn);
    CHECK_EQ(telnet_offer(&tn, offer, sizeof(offer)), TELNET_OFFER_LEN);
}

static void test_offer_bytes(void) {
    static const uint8_t want[] = {0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03,
                                   0xff, 0xfd, 0x1f, 0xff, 0xfd, 0x18};
    uint8_t buf[32];
    telnet_init(&tn);
    CHECK_EQ(telnet_offer(&tn, buf, TELNET_OFFER_LEN - 1), 0); /* too small: nothing */
    CHECK_EQ(sizeof(want), TELNET_OFFER_LEN);
    CHECK_EQ(telnet_offer(&tn, buf, sizeof(buf)), TELNET_OFFER_LEN);
    CHECK_MEM(buf, want, sizeof(want));
    CHECK_EQ(telnet_offer(&tn, buf, sizeof(buf)), 0);   /* only once */
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_ECHO)); /* requested, not yet agreed */
    uint16_t cols = 0, rows = 0;
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 80);
    CHECK_EQ(rows, 24);
}

static void test_failed_offer_changes_nothing(void) {
    uint8_t buf[4];
    telnet_init(&tn);
    CHECK_EQ(telnet_offer(&tn, buf, sizeof(buf)), 0);
    FEED(IAC DO O_ECHO); /* the option is still NO: the request is answered */
    CHECK(REPLY_IS(IAC WILL O_ECHO));
}

static void test_client_accepts_offer(void) {
    start();
    FEED(IAC DO O_ECHO IAC DO O_SGA IAC WILL O_NAWS IAC WILL O_TTYPE);
    /* everything answers our own requests: only the TTYPE question follows */
    CHECK(REPLY_IS(IAC SB O_TTYPE "\x01" IAC SE));
    CHECK_EQ(acc.data_len, 0);
    CHECK(telnet_local_enabled(&tn, TELNET_OPT_ECHO));
    CHECK(telnet_local_enabled(&tn, TELNET_OPT_SGA));
    CHECK(telnet_remote_enabled(&tn, TELNET_OPT_NAWS));
    CHECK(telnet_remote_enabled(&tn, TELNET_OPT_TTYPE));
    CHECK_EQ(acc.events, TELNET_EV_OPTIONS);
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_client_refuses_offer(void) {
    start();
    FEED(IAC DONT O_ECHO IAC DONT O_SGA IAC WONT O_NAWS IAC WONT O_TTYPE);
    CHECK_EQ(acc.reply_len, 0); /* a refusal of our request needs no answer */
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_ECHO));
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_SGA));
    CHECK(!telnet_remote_enabled(&tn, TELNET_OPT_NAWS));
    CHECK(!telnet_remote_enabled(&tn, TELNET_OPT_TTYPE));
    /* the client changes its mind: now it is a new request, agreed */
    FEED(IAC DO O_ECHO IAC WILL O_NAWS);
    CHECK(REPLY_IS(IAC WILL O_ECHO IAC DO O_NAWS));
    CHECK(telnet_local_enabled(&tn, TELNET_OPT_ECHO));
    CHECK(telnet_remote_enabled(&tn, TELNET_OPT_NAWS));
    /* and turns them off again: acknowledged once each */
    FEED(IAC DONT O_ECHO IAC WONT O_NAWS IAC DONT O_ECHO IAC WONT O_NAWS);
    CHECK(REPLY_IS(IAC WONT O_ECHO IAC DONT O_NAWS));
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_ECHO));
}

static void test_other_options_refused(void) {
    start();
    FEED(IAC DO O_BINARY IAC WILL O_BINARY IAC WILL O_ECHO IAC DO O_NAWS IAC DO O_LINEMODE IAC WILL
             O_LINEMODE IAC DO O_TTYPE IAC WILL O_SGA);
    CHECK(REPLY_IS(IAC WONT O_BINARY IAC DONT O_BINARY IAC DONT O_ECHO IAC WONT O_NAWS IAC WONT
                       O_LINEMODE IAC DONT O_LINEMODE IAC WONT O_TTYPE IAC DONT O_SGA));
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_BINARY));
    CHECK(!telnet_remote_enabled(&tn, TELNET_OPT_BINARY));
    CHECK(!telnet_remote_enabled(&tn, TELNET_OPT_ECHO));
    /* disabling what is already off needs no answer */
    FEED(IAC DONT O_BINARY IAC WONT O_LINEMODE IAC DONT "\x99" IAC WONT "\xff");
    CHECK_EQ(acc.reply_len, 0);
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_repeated_request_answered_once(void) {
    telnet_init(&tn); /* no offer: the client starts the negotiation */
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 100; i++)
        feed_into(&tn, IAC DO O_ECHO, 3, &acc);
    CHECK(REPLY_IS(IAC WILL O_ECHO));
    CHECK(telnet_local_enabled(&tn, TELNET_OPT_ECHO));

    start(); /* after the offer, repeated agreement needs no answer at all */
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 100; i++) {
        feed_into(&tn, IAC DO O_ECHO, 3, &acc);
        feed_into(&tn, IAC WILL O_NAWS, 3, &acc);
    }
    CHECK_EQ(acc.reply_len, 0);
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_flipping_has_a_budget(void) {
    start(); /* the offer spent one reply of ECHO's budget */
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 100; i++)
        feed_into(&tn, IAC DO O_ECHO IAC DONT O_ECHO, 6, &acc);
    /* DO #1 answers our WILL; then WONT, WILL, WONT, WILL, WONT, WILL, WONT */
    CHECK(REPLY_IS(IAC WONT O_ECHO IAC WILL O_ECHO IAC WONT O_ECHO IAC WILL O_ECHO IAC WONT O_ECHO
                       IAC WILL O_ECHO IAC WONT O_ECHO));
    CHECK_EQ(acc.reply_len, 3 * (TELNET_OPTION_REPLIES_MAX - 1));
    /* the last thing said was WONT, and the state agrees with it */
    CHECK(!telnet_local_enabled(&tn, TELNET_OPT_ECHO));
    CHECK_EQ(tn.errors.negotiation_ignored, 96); /* DO #5..#100; DONT on NO needs nothing */

    /* a refused option repeated: TELNET_OPTION_REPLIES_MAX refusals, then silence */
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 50; i++)
        feed_into(&tn, IAC DO O_BINARY, 3, &acc);
    CHECK_EQ(acc.reply_len, 3 * TELNET_OPTION_REPLIES_MAX);
    CHECK_EQ(tn.errors.negotiation_ignored, 96 + 50 - TELNET_OPTION_REPLIES_MAX);
    /* other options keep their own budget */
    FEED(IAC DO O_SGA);
    CHECK_EQ(acc.reply_len, 0);
    CHECK(telnet_local_enabled(&tn, TELNET_OPT_SGA));
}

static void test_naws(void) {
    uint16_t cols = 0, rows = 0;
    start();
    FEED(IAC WILL O_NAWS IAC SB O_NAWS "\x00\x64\x00\x28" IAC SE "x");
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 100);
    CHECK_EQ(rows, 40);
    CHECK(tn.window_known);
    CHECK(acc.events & TELNET_EV_NAWS);
    CHECK(DATA_IS("x"));

    /* 255 inside the payload arrives doubled: 0x00ff x 0x01ff */
    FEED(IAC SB O_NAWS "\x00" IAC IAC "\x01" IAC IAC IAC SE);
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 255);
    CHECK_EQ(rows, 511);
    CHECK_EQ(acc.events, TELNET_EV_NAWS);

    /* 0xffff is clamped to TELNET_WINDOW_MAX; 0 keeps the previous value */
    FEED(IAC SB O_NAWS IAC IAC IAC IAC "\x00\x00" IAC SE);
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, TELNET_WINDOW_MAX);
    CHECK_EQ(rows, 511);

    /* the same size again is no change */
    FEED(IAC SB O_NAWS "\x03\xe8\x01" IAC IAC IAC SE);
    CHECK_EQ(acc.events, 0);
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_naws_malformed(void) {
    uint16_t cols = 0, rows = 0;
    start();
    FEED(IAC WILL O_NAWS IAC SB O_NAWS "\x00\x64\x00\x28" IAC SE);

    FEED(IAC SB O_NAWS "\x00\x50\x00" IAC SE); /* 3 bytes */
    CHECK_EQ(tn.errors.sb_malformed, 1);
    FEED(IAC SB O_NAWS "\x00\x50\x00\x50\x00" IAC SE); /* 5 bytes */
    CHECK_EQ(tn.errors.sb_malformed, 2);
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 100);
    CHECK_EQ(rows, 40);

    /* an undoubled 255: IAC 0x00 ends the SB as a malformed one, the 0x00
     * is no command, the rest is data and a stray SE */
    FEED(IAC SB O_NAWS "\x00" IAC "\x00\x18" IAC SE "ok");
    CHECK(DATA_IS("\x18"
                  "ok"));
    CHECK_EQ(tn.errors.sb_malformed, 3);
    CHECK_EQ(tn.errors.unknown_command, 1);
    CHECK_EQ(tn.errors.stray_se, 1);

    /* an oversized SB is skipped whole, the data after it survives */
    static uint8_t big[200];
    size_t n = 0;
    big[n++] = 0xff;
    big[n++] = 0xfa;
    big[n++] = 0x1f;
    for (int i = 0; i < 100; i++)
        big[n++] = 0x20;
    big[n++] = 0xff;
    big[n++] = 0xf0;
    big[n++] = 'o';
    big[n++] = 'k';
    memset(&acc, 0, sizeof(acc));
    feed_into(&tn, big, n, &acc);
    CHECK(DATA_IS("ok"));
    CHECK_EQ(tn.errors.sb_oversized, 1);
    CHECK(tn.sb_len <= TELNET_SB_MAX);
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 100);

    /* exactly TELNET_SB_MAX payload bytes are still fine (as a bad NAWS) */
    n = 0;
    big[n++] = 0xff;
    big[n++] = 0xfa;
    big[n++] = 0x1f;
    for (unsigned i = 0; i < TELNET_SB_MAX; i++)
        big[n++] = 0x20;
    big[n++] = 0xff;
    big[n++] = 0xf0;
    feed_into(&tn, big, n, &acc);
    CHECK_EQ(tn.errors.sb_oversized, 1);
    CHECK_EQ(tn.errors.sb_malformed, 4);

    /* NAWS before the client agreed to send it */
    telnet_init(&tn);
    FEED(IAC SB O_NAWS "\x00\x64\x00\x28" IAC SE);
    CHECK_EQ(tn.errors.sb_malformed, 1);
    telnet_window(&tn, &cols, &rows);
    CHECK_EQ(cols, 80);

    /* cut by the end of the stream */
    start();
    FEED(IAC WILL O_NAWS IAC SB O_NAWS "\x00\x64");
    finish_into(&tn, &acc);
    CHECK_EQ(tn.errors.truncated, 1);
    CHECK_EQ(acc.data_len, 0);
    FEED("z"); /* the engine is back to plain data */
    CHECK(DATA_IS("z"));
}

static void test_iac_iac_is_data(void) {
    start();
    FEED("a" IAC IAC "b" IAC IAC IAC IAC "\xc3\xa9");
    CHECK(DATA_IS("a\xff"
                  "b\xff\xff\xc3\xa9"));
    CHECK_EQ(acc.reply_len, 0);
}

static void test_cr_rules(void) {
    start();
    FEED("x\r\0y\r\nz\rq");
    CHECK(DATA_IS("x\ry\nz\rq"));
    FEED("\r\r\n\n");
    CHECK(DATA_IS("\r\n\n"));
    FEED("\r" IAC IAC);
    CHECK(DATA_IS("\r\xff"));
    FEED("\r" IAC "\xf4"); /* CR then IP */
    CHECK(DATA_IS("\r\x03"));
    FEED("end\r"); /* the CR waits for the next byte ... */
    CHECK(DATA_IS("end"));
    FEED("\n");
    CHECK(DATA_IS("\n"));
    FEED("end\r");
    finish_into(&tn, &acc); /* ... or for the end of the stream */
    CHECK(DATA_IS("end\r"));
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_commands(void) {
    start();
    FEED("a" IAC "\xf4"
         "b");
    CHECK(DATA_IS("a\x03"
                  "b"));
    CHECK_EQ(acc.events, TELNET_EV_INTERRUPT);
    FEED(IAC "\xf3" IAC "\xee");
    CHECK(DATA_IS("\x03\x03")); /* BRK, ABORT */
    FEED(IAC "\xec"
             "\x04");
    CHECK(DATA_IS("\x04\x04")); /* IAC EOF, then a typed Ctrl-D */
    FEED(IAC "\xf7" IAC "\xf8");
    CHECK(DATA_IS("\x7f\x15")); /* EC, EL */
    CHECK_EQ(acc.events, 0);
    FEED(IAC "\xf1" IAC "\xf2" IAC "\xf9" IAC "\xf5" IAC "\xed" IAC "\xef");
    CHECK_EQ(acc.data_len, 0); /* NOP, DM, GA, AO, SUSP, EOR */
    CHECK_EQ(acc.reply_len, 0);
    CHECK_EQ(telnet_error_total(&tn), 0);

    FEED(IAC "A" IAC "\x00" IAC "\xeb" IAC SE "c");
    CHECK(DATA_IS("c"));
    CHECK_EQ(tn.errors.unknown_command, 3);
    CHECK_EQ(tn.errors.stray_se, 1);
    CHECK_EQ(telnet_error_total(&tn), 4);

    FEED(IAC); /* cut after IAC */
    finish_into(&tn, &acc);
    CHECK_EQ(tn.errors.truncated, 1);
    FEED(IAC DO);
    finish_into(&tn, &acc);
    CHECK_EQ(tn.errors.truncated, 2);
    CHECK_EQ(acc.reply_len, 0);
}

static void test_ayt(void) {
    start();
    FEED(IAC "\xf6");
    CHECK(REPLY_IS(TELNET_AYT_TEXT));
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 20; i++)
        feed_into(&tn, IAC "\xf6", 2, &acc);
    CHECK_EQ(acc.reply_len, (TELNET_AYT_MAX - 1) * (sizeof(TELNET_AYT_TEXT) - 1));
    CHECK_EQ(tn.errors.ayt_ignored, 20 - (TELNET_AYT_MAX - 1));
}

static void test_ttype(void) {
    start();
    FEED(IAC WILL O_TTYPE IAC SB O_TTYPE "\x00"
                                         "XTERM-256COLOR" IAC SE);
    CHECK(REPLY_IS(IAC SB O_TTYPE "\x01" IAC SE));
    CHECK(acc.events & TELNET_EV_TTYPE);
    CHECK_EQ(tn.ttype_len, 14);
    CHECK_MEM(tn.ttype, "XTERM-256COLOR", 14);

    FEED(IAC SB O_TTYPE "\x00"
                        "BAD NAME" IAC SE);
    CHECK_EQ(tn.errors.sb_malformed, 1);
    FEED(IAC SB O_TTYPE "\x01" IAC SE); /* SEND from the client */
    CHECK_EQ(tn.errors.sb_malformed, 2);
    FEED(IAC SB O_TTYPE "\x00" IAC SE); /* empty name */
    CHECK_EQ(tn.errors.sb_malformed, 3);
    FEED(IAC SB O_TTYPE "\x00"
                        "0123456789012345678901234567890123456789X" IAC SE); /* 41 */
    CHECK_EQ(tn.errors.sb_malformed, 4);
    FEED(IAC SB O_TTYPE "\x00"
                        "0123456789012345678901234567890123456789" IAC SE); /* 40 */
    CHECK_EQ(tn.errors.sb_malformed, 4);
    CHECK_EQ(tn.ttype_len, 40);

    /* off and on again: DONT/DO answered, but the name is asked only once */
    FEED(IAC WONT O_TTYPE IAC WILL O_TTYPE);
    CHECK(REPLY_IS(IAC DONT O_TTYPE IAC DO O_TTYPE));
}

static void test_output_caps(void) {
    static uint8_t many[3000];
    static telnet_out_t out;
    start();
    memset(many, 'a', sizeof(many));
    size_t used = telnet_feed(&tn, many, sizeof(many), &out);
    CHECK_EQ(used, TELNET_DATA_MAX - 1);
    CHECK_EQ(out.data_len, TELNET_DATA_MAX - 1);
    CHECK_EQ(telnet_feed(&tn, many, 0, &out), 0);
    CHECK_EQ(out.data_len, 0);

    /* replies: the call stops before one could overflow, the next goes on */
    for (size_t i = 0; i < 2 * TELNET_AYT_MAX; i += 2) {
        many[i] = 0xff;
        many[i + 1] = 0xf6;
    }
    used = telnet_feed(&tn, many, 2 * TELNET_AYT_MAX, &out);
    size_t ayt = sizeof(TELNET_AYT_TEXT) - 1;
    size_t fit = (TELNET_REPLY_MAX - TELNET_STEP_REPLY_MAX) / ayt + 1;
    CHECK_EQ(used, 2 * fit);
    CHECK_EQ(out.reply_len, fit * ayt);
    used += telnet_feed(&tn, many + used, 2 * TELNET_AYT_MAX - used, &out);
    CHECK_EQ(used, 2 * TELNET_AYT_MAX);
    CHECK_EQ(out.reply_len, (TELNET_AYT_MAX - fit) * ayt);
}

/* What a whole run leaves behind, for the chunking comparison. */
typedef struct {
    acc_t acc;
    telnet_errors_t errors;
    uint16_t cols, rows;
    uint8_t ttype_len;
    uint8_t ttype[TELNET_TTYPE_MAX];
    bool echo, sga, naws, ttype_on;
} snapshot_t;

static void snap(snapshot_t *s, const telnet_t *t, const acc_t *a) {
    s->acc = *a;
    s->acc.events = 0; /* per call; only their union is compared */
    s->acc.calls = 0;
    s->errors = t->errors;
    telnet_window(t, &s->cols, &s->rows);
    s->ttype_len = t->ttype_len;
    memcpy(s->ttype, t->ttype, sizeof(s->ttype));
    s->echo = telnet_local_enabled(t, TELNET_OPT_ECHO);
    s->sga = telnet_local_enabled(t, TELNET_OPT_SGA);
    s->naws = telnet_remote_enabled(t, TELNET_OPT_NAWS);
    s->ttype_on = telnet_remote_enabled(t, TELNET_OPT_TTYPE);
}

static bool same(const snapshot_t *a, const snapshot_t *b) {
    return a->acc.data_len == b->acc.data_len && a->acc.reply_len == b->acc.reply_len &&
           memcmp(a->acc.data, b->acc.data, a->acc.data_len) == 0 &&
           memcmp(a->acc.reply, b->acc.reply, a->acc.reply_len) == 0 &&
           memcmp(&a->errors, &b->errors, sizeof(a->errors)) == 0 && a->cols == b->cols &&
           a->rows == b->rows && a->ttype_len == b->ttype_len &&
           memcmp(a->ttype, b->ttype, sizeof(a->ttype)) == 0 && a->echo == b->echo &&
           a->sga == b->sga && a->naws == b->naws && a->ttype_on == b->ttype_on;
}

/* Runs stream split at the cut positions (ascending, cuts[i] <= n). */
static void run_split(const uint8_t *stream, size_t n, const size_t *cuts, size_t ncuts,
                      snapshot_t *s) {
    static telnet_t t;
    static acc_t a;
    uint8_t offer[TELNET_OFFER_LEN];
    telnet_init(&t);
    (void)telnet_offer(&t, offer, sizeof(offer));
    memset(&a, 0, sizeof(a));
    size_t from = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : n;
        feed_into(&t, stream + from, to - from, &a);
        from = to;
    }
    finish_into(&t, &a);
    snap(s, &t, &a);
}

static void test_chunk_split_invariance(void) {
    static const char text[] = IAC DO O_ECHO IAC DO O_SGA IAC WILL O_NAWS IAC WILL O_TTYPE
        "us\rer\r\n" IAC SB O_NAWS "\x00\x84\x00" IAC IAC IAC SE "pa" IAC IAC
        "ss\r\0" IAC SB O_TTYPE "\x00"
        "VT100" IAC SE IAC "\xf6" IAC "A" IAC SE IAC SB O_NAWS "\x01" IAC "\xf4"
        "x" IAC DO O_BINARY IAC DONT O_ECHO IAC DO O_ECHO "\r" IAC WILL O_LINEMODE "\r";
    static snapshot_t whole, part;
    const uint8_t *stream = (const uint8_t *)text;
    size_t n = sizeof(text) - 1;
    run_split(stream, n, NULL, 0, &whole);
    CHECK(whole.acc.data_len > 10 && whole.acc.reply_len > 10);

    unsigned bad = 0;
    for (size_t p = 0; p <= n; p++) {
        for (size_t q = p; q <= n; q++) {
            size_t cuts[2] = {p, q};
            run_split(stream, n, cuts, 2, &part);
            bad += !same(&whole, &part);
        }
    }
    size_t every[sizeof(text)];
    for (size_t i = 0; i < n; i++)
        every[i] = i;
    run_split(stream, n, every, n, &part); /* one byte at a time */
    bad += !same(&whole, &part);
    CHECK_EQ(bad, 0);

    /* and the result itself is the expected one */
    static const char data[] = "us\rer\npa\xffss\r\x03x\r\r";
    CHECK_EQ(whole.acc.data_len, sizeof(data) - 1);
    CHECK_MEM(whole.acc.data, data, sizeof(data) - 1);
    CHECK_EQ(whole.cols, 132);
    CHECK_EQ(whole.rows, 255);
    CHECK_EQ(whole.ttype_len, 5);
    CHECK_EQ(whole.errors.unknown_command, 1);
    CHECK_EQ(whole.errors.stray_se, 1);
    CHECK_EQ(whole.errors.sb_malformed, 1); /* the SB cut by IAC IP */
    CHECK(whole.echo);
}

int main(void) {
    test_offer_bytes();
    test_failed_offer_changes_nothing();
    test_client_accepts_offer();
    test_client_refuses_offer();
    test_other_options_refused();
    test_repeated_request_answered_once();
    test_flipping_has_a_budget();
    test_naws();
    test_naws_malformed();
    test_iac_iac_is_data();
    test_cr_rules();
    test_commands();
    test_ayt();
    test_ttype();
    test_output_caps();
    test_chunk_split_invariance();
    return check_summary();
}
