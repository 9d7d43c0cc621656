/* Host tests of a connection turned terminal (netstack/term_conn.h): both
 * protocols, lines, type-ahead, the output queue's bounds and the ends. */
#include "check.h"
#include "term_conn.h"

#define IAC 255
#define SB 250
#define SE 240
#define WILL 251
#define WONT 252
#define DO 253
#define DONT 254
#define IP 244

static term_conn_t t;

/* What the peer received: every byte the queue handed over. */
static struct {
    uint8_t bytes[1 << 16];
    uint32_t len;
} wire;

static void drain(void) {
    uint32_t len = 0;
    const uint8_t *p = term_out(&t, &len);
    if (p != NULL && wire.len + len <= sizeof(wire.bytes)) {
        memcpy(wire.bytes + wire.len, p, len);
        wire.len += len;
    }
    term_out_taken(&t, len);
}

static bool wire_has(const void *needle, size_t n) {
    for (size_t i = 0; i + n <= wire.len; i++)
        if (memcmp(wire.bytes + i, needle, n) == 0)
            return true;
    return false;
}

/* Feeds everything, taking output as the peer reads it. */
static void type(const void *in, size_t n) {
    size_t off = 0;
    for (int rounds = 0; rounds < 100000; rounds++) {
        bool progress = false;
        off += term_run(&t, (const uint8_t *)in + off, n - off, false, &progress);
        drain();
        if (!progress)
            break;
    }
    CHECK_EQ(off, n);
}

static void type_str(const char *s) {
    type(s, strlen(s));
}

static void run_idle(void) {
    type("", 0);
}

static uint32_t take(uint8_t *line, uint32_t *len) {
    uint32_t status = 99;
    *len = term_take_line(&t, &status, line, TERM_LINE_MAX);
    return status;
}

/* A Telnet terminal whose client agreed to our echo and SGA, will send NAWS
 * and refuses TTYPE. */
static void telnet_client(void) {
    static const uint8_t agree[] = {IAC, DO, 1, IAC, DO, 3, IAC, WILL, 31, IAC, WONT, 24};
    memset(&wire, 0, sizeof(wire));
    CHECK_EQ(term_init(&t, TERM_PROTOCOL_TELNET), CAP_OK);
    drain();
    static const uint8_t offer[] = {IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 31, IAC, DO, 24};
    CHECK_EQ(wire.len, sizeof(offer));
    CHECK_MEM(wire.bytes, offer, sizeof(offer));
    type(agree, sizeof(agree));
    wire.len = 0;
}

static void rejects_bad_arguments(void) {
    CHECK_EQ(term_init(&t, 3), CAP_ERR_BAD_ARGS);
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 0, 0, false), CAP_ERR_BAD_ARGS);
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 8, 2, false), CAP_ERR_BAD_ARGS);
    static const uint8_t long_prompt[TERM_PROMPT_MAX + 1] = {0};
    CHECK_EQ(term_begin_line(&t, long_prompt, sizeof(long_prompt), 8, 0, false), CAP_ERR_BAD_ARGS);
    CHECK(!term_line_active(&t));
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"a> ", 3, 8, 0, false), CAP_OK);
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"b> ", 3, 8, 0, false), CAP_ERR_QUEUE_FULL);
    static const uint8_t big[TERM_WRITE_MAX + 1] = {0};
    CHECK_EQ(term_write(&t, big, sizeof(big), false, false), CAP_ERR_BAD_ARGS);
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    CHECK_EQ(take(line, &len), LD_PENDING); /* nothing completed */
    CHECK(term_line_active(&t));
}

static void visible_line_with_reprompt(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"name: ", 6, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    run_idle();
    CHECK_EQ(wire.len, 6);
    CHECK_MEM(wire.bytes, "name: ", 6);
    type_str("\r\n"); /* empty: refused, prompt again */
    CHECK(!term_line_done(&t));
    CHECK_MEM(wire.bytes, "name: \r\nname: ", 14);
    wire.len = 0;
    type_str("alice\r\n");
    CHECK(term_line_done(&t));
    CHECK_EQ(term_take_events(&t), TERM_EV_LINE);
    CHECK_EQ(wire.len, 7);
    CHECK_MEM(wire.bytes, "alice\r\n", 7);
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 5);
    CHECK_MEM(line, "alice", 5);
    CHECK(!term_line_active(&t));
}

static void hidden_line_echoes_no_secret(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"password: ", 10, 64, LD_ECHO_HIDDEN, false),
             CAP_OK);
    type_str("s3cr3t\x7fT\r\n");
    CHECK_EQ(wire.len, 12);
    CHECK_MEM(wire.bytes, "password: \r\n", 12);
    CHECK(!wire_has("s3cr", 4));
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 6);
    CHECK_MEM(line, "s3cr3T", 6);
    for (uint32_t i = 0; i < sizeof(t.ld.buf); i++)
        CHECK_EQ(t.ld.buf[i], 0);
}

static void window_changes_without_a_reader(void) {
    uint32_t cols = 0, rows = 0;
    telnet_client();
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 80);
    CHECK_EQ(rows, 24);
    static const uint8_t naws[] = {IAC, SB, 31, 0, 132, 0, 50, IAC, SE};
    type(naws, sizeof(naws));
    CHECK_EQ(term_take_events(&t), TERM_EV_WINDOW);
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 132);
    CHECK_EQ(rows, 50);
    /* an oversized NAWS is dropped and keeps the size */
    uint8_t bad[80] = {IAC, SB, 31};
    memset(bad + 3, 7, 70);
    bad[73] = IAC;
    bad[74] = SE;
    type(bad, 75);
    CHECK_EQ(term_take_events(&t), 0);
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 132);
}

static void interrupt_cancels(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"> ", 2, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    static const uint8_t in[] = {'a', 'b', 'c', IAC, IP};
    type(in, sizeof(in));
    CHECK(term_line_done(&t));
    CHECK_EQ(take(line, &len), LD_CANCELLED);
    CHECK_EQ(len, 0);
    CHECK(wire_has("abc^C\r\n", 7));
}

static void oversized_line_is_bounded(void) {
    static char in[3002];
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    memset(in, 'y', 3000);
    in[3000] = '\r';
    in[3001] = '\n';
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 1000, LD_ECHO_VISIBLE, false), CAP_OK);
    type(in, sizeof(in));
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, LD_CEILING);
    CHECK_EQ(line[0], 'y');
    CHECK_EQ(line[LD_CEILING - 1], 'y');
}

static void garbage_is_dropped(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    static const uint8_t in[] = {IAC,  1,   IAC, SE,  IAC, SB, 99, 1,   2, IAC, SE,   IAC,
                                 WILL, 200, 'o', IAC, SB,  31, 1,  IAC, 0, 'k', '\r', '\n'};
    type(in, sizeof(in));
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 2);
    CHECK_MEM(line, "ok", 2);
    static const uint8_t refusal[] = {IAC, DONT, 200};
    CHECK(wire_has(refusal, sizeof(refusal)));
    CHECK(telnet_error_total(&t.tn) >= 3);
}

static void type_ahead_stays(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    type_str("one\r\ntwo\r\n"); /* no reader yet: decoded, kept */
    CHECK_EQ(wire.len, 0);      /* nothing echoed before a prompt */
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"1> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    run_idle();
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_MEM(line, "one", 3);
    CHECK_MEM(wire.bytes, "1> one\r\n", 8);
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"2> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    run_idle();
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 3);
    CHECK_MEM(line, "two", 3);
}

static void raw_protocol(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0, cols = 0, rows = 0;
    memset(&wire, 0, sizeof(wire));
    CHECK_EQ(term_init(&t, TERM_PROTOCOL_RAW), CAP_OK);
    drain();
    CHECK_EQ(wire.len, 0); /* no offer */
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 80);
    CHECK_EQ(rows, 24);
    CHECK_EQ(term_write(&t, (const uint8_t *)"a\nb\r\nc\xff", 7, true, true), CAP_OK);
    drain();
    CHECK_EQ(wire.len, 10);
    CHECK_MEM(wire.bytes, "a\r\nb\r\nc\xff\r\n", 10);
    wire.len = 0;
    type_str("first\rsecond\nthird\r\n");
    const char *want[] = {"first", "second", "third"};
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 64, LD_ECHO_VISIBLE, false), CAP_OK);
        run_idle();
        CHECK_EQ(take(line, &len), LD_SUBMITTED);
        CHECK_EQ(len, strlen(want[i]));
        CHECK_MEM(line, want[i], len);
    }
    CHECK(wire_has("first\r\nsecond\r\nthird\r\n", 22));
    /* the LF of the last CR LF was swallowed: no empty line waits */
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 64, LD_ECHO_VISIBLE, true), CAP_OK);
    run_idle();
    CHECK(!term_line_done(&t));
}

/* SSH without a pty: no echo, no prompt, output unchanged, no window until
 * the transport sets one; raw windows follow term_set_window. */
static void pipe_protocol(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0, cols = 1, rows = 1;
    memset(&wire, 0, sizeof(wire));
    CHECK_EQ(term_init(&t, TERM_PROTOCOL_PIPE), CAP_OK);
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 0);
    CHECK_EQ(rows, 0);
    CHECK_EQ(term_write(&t, (const uint8_t *)"a\nb\xff", 4, true, true), CAP_OK);
    drain();
    CHECK_EQ(wire.len, 5);
    CHECK_MEM(wire.bytes, "a\nb\xff\n", 5);
    wire.len = 0;
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"p> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    type_str("caps\n");
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 4);
    CHECK_MEM(line, "caps", 4);
    CHECK_EQ(wire.len, 0); /* neither the prompt nor an echo */
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"p> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    bool progress = false;
    (void)term_run(&t, (const uint8_t *)"", 0, true, &progress);
    CHECK_EQ(take(line, &len), LD_CLOSED);
    CHECK_EQ(wire.len, 0);
    (void)term_take_events(&t);
    term_set_window(&t, 132, 5000);
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 132);
    CHECK_EQ(rows, TERM_WINDOW_MAX);
    CHECK_EQ(term_take_events(&t), TERM_EV_WINDOW);
    term_set_window(&t, 132, 5000);
    CHECK_EQ(term_take_events(&t), 0); /* unchanged: no event */
    CHECK_EQ(term_init(&t, TERM_PROTOCOL_RAW), CAP_OK);
    term_set_window(&t, 100, 30);
    term_window(&t, &cols, &rows);
    CHECK_EQ(cols, 100);
    CHECK_EQ(rows, 30);
}

static void telnet_output_encoding(void) {
    telnet_client();
    CHECK_EQ(term_write(&t, (const uint8_t *)"x\xffy\n", 4, false, true), CAP_OK);
    CHECK_EQ(term_write(&t, (const uint8_t *)"ctl", 3, true, false), CAP_OK);
    drain();
    static const uint8_t want[] = {'x', IAC, IAC, 'y', '\r', '\n', 'c', 't', 'l', '\r', '\n'};
    CHECK_EQ(wire.len, sizeof(want));
    CHECK_MEM(wire.bytes, want, sizeof(want));
}

/* The peer never reads: input stops, nothing is lost, the session write
 * still fits, and everything flows once the peer reads again. */
static void backpressure(void) {
    static uint8_t in[20000];
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    memset(in, 'z', sizeof(in));
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 16, LD_ECHO_VISIBLE, false), CAP_OK);
    size_t used = 0;
    bool progress = true;
    while (progress) {
        progress = false;
        used += term_run(&t, in + used, sizeof(in) - used, false, &progress);
    }
    CHECK(used < sizeof(in));
    uint32_t queued = 0;
    (void)term_out(&t, &queued);
    CHECK(queued <= TERM_OUT_BYTES - TERM_ENCODED_WRITE_MAX);
    CHECK(queued > 0);
    static uint8_t full[TERM_WRITE_MAX];
    memset(full, 0xff, sizeof(full)); /* doubles: the largest encoding */
    for (int i = 0; i < 8 && term_write(&t, full, sizeof(full), false, false) == CAP_OK; i++)
        ;
    CHECK_EQ(term_write(&t, full, sizeof(full), false, false), CAP_ERR_WOULD_BLOCK);
    (void)term_out(&t, &queued); /* the control's writes fill only their part */
    CHECK(queued <= TERM_OUT_BYTES - TERM_ENCODED_WRITE_MAX);
    CHECK_EQ(term_write(&t, full, sizeof(full), false, true), CAP_OK);
    CHECK(term_write_queued(&t));
    CHECK_EQ(term_write(&t, (const uint8_t *)"x", 1, false, true), CAP_ERR_QUEUE_FULL);
    uint32_t total = 0;
    (void)term_out(&t, &total);
    CHECK(total <= TERM_OUT_BYTES);
    /* the peer reads a little: the write is not yet all taken */
    term_out_taken(&t, queued);
    CHECK(term_write_queued(&t));
    term_out_taken(&t, 2 * TERM_WRITE_MAX - 1);
    CHECK(term_write_queued(&t));
    term_out_taken(&t, 1);
    CHECK(!term_write_queued(&t));
    /* reading on: the rest of the input goes through */
    memset(&wire, 0, sizeof(wire));
    type(in + used, sizeof(in) - used);
    type_str("\r\n");
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_EQ(len, 16);
}

/* A prompt waits for room, and no input is edited before it went out. */
static void prompt_waits_for_room(void) {
    static uint8_t chunk[TERM_WRITE_MAX];
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    memset(chunk, 'w', sizeof(chunk));
    while (term_write(&t, chunk, sizeof(chunk), false, false) == CAP_OK)
        ;
    while (term_write(&t, chunk, 1, false, false) == CAP_OK) /* to the last byte */
        ;
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"late> ", 6, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    bool progress = false;
    /* no room for what decoding may answer: the input waits with the caller */
    CHECK_EQ(term_run(&t, (const uint8_t *)"hi\r\n", 4, false, &progress), 0);
    CHECK(t.prompt_due);
    CHECK(!term_line_done(&t));
    drain();
    type_str("hi\r\n");
    CHECK(term_line_done(&t));
    CHECK(wire_has("wlate> hi\r\n", 11));
    CHECK_EQ(take(line, &len), LD_SUBMITTED);
    CHECK_MEM(line, "hi", 2);
}

static void end_of_stream(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    bool progress = false;
    telnet_client();
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    CHECK_EQ(term_run(&t, (const uint8_t *)"abc\r\nde", 7, true, &progress), 7);
    CHECK_EQ(take(line, &len), LD_SUBMITTED); /* what came before the end still counts */
    CHECK_MEM(line, "abc", 3);
    CHECK(!term_input_ended(&t)); /* "de" waits as type-ahead */
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"p> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    (void)term_run(&t, NULL, 0, true, &progress);
    CHECK(term_input_ended(&t));
    CHECK_EQ(take(line, &len), LD_CLOSED); /* a partial line is never returned */
    CHECK_EQ(len, 0);
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"q> ", 3, 64, LD_ECHO_VISIBLE, false), CAP_OK);
    (void)term_run(&t, NULL, 0, true, &progress);
    CHECK_EQ(take(line, &len), LD_CLOSED); /* and every later line at once */
}

static void hangup_ends_everything(void) {
    uint8_t line[TERM_LINE_MAX];
    uint32_t len = 0;
    telnet_client();
    CHECK_EQ(term_write(&t, (const uint8_t *)"bye", 3, false, true), CAP_OK);
    CHECK_EQ(term_begin_line(&t, (const uint8_t *)"", 0, 64, LD_ECHO_HIDDEN, false), CAP_OK);
    bool progress = false;
    (void)term_run(&t, (const uint8_t *)"pass", 4, false, &progress);
    term_hangup(&t);
    CHECK(!term_write_queued(&t));
    uint32_t queued = 1;
    CHECK(term_out(&t, &queued) == NULL);
    CHECK_EQ(queued, 0);
    CHECK(term_line_done(&t));
    CHECK_EQ(take(line, &len), LD_CLOSED);
    for (uint32_t i = 0; i < sizeof(t.cooked); i++)
        CHECK_EQ(t.cooked[i], 0);
    term_scrub(&t);
    CHECK_EQ(t.ld.len, 0);
}

int main(void) {
    rejects_bad_arguments();
    visible_line_with_reprompt();
    hidden_line_echoes_no_secret();
    window_changes_without_a_reader();
    interrupt_cancels();
    oversized_line_is_bounded();
    garbage_is_dropped();
    type_ahead_stays();
    raw_protocol();
    pipe_protocol();
    telnet_output_encoding();
    backpressure();
    prompt_waits_for_room();
    end_of_stream();
    hangup_ends_everything();
    return check_summary();
}
