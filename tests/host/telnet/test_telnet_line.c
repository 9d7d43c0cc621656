/* Host tests of the Telnet-to-line-discipline adapter (gateways/telnet/
 * telnet_line.h), fed through the protocol engine as the gateway will. */
#include "check.h"
#include "telnet_line.h"
#include "telnet_proto.h"

static telnet_t tn;
static line_discipline_t ld;
static telnet_out_t tout;
static telnet_line_out_t lout;

/* Everything one pass over a client stream produced. */
static struct {
    uint8_t echo[16384];
    size_t echo_len;
    ld_result_t result;
    uint8_t line[LD_CEILING + 8];
    uint32_t line_len;
    size_t max_engine_data; /* largest data_len of one telnet_feed() call */
    size_t left;            /* engine data bytes not consumed after the result */
} run;

/* Client bytes -> engine -> adapter, until a line completes. */
static ld_result_t type(const void *in, size_t n) {
    memset(&run, 0, sizeof(run));
    run.result = LD_PENDING;
    size_t off = 0;
    while (off < n) {
        off += telnet_feed(&tn, (const uint8_t *)in + off, n - off, &tout);
        if (tout.data_len > run.max_engine_data)
            run.max_engine_data = tout.data_len;
        size_t d = 0;
        while (d < tout.data_len) {
            bool echo = telnet_local_enabled(&tn, TELNET_OPT_ECHO);
            d += telnet_line_feed(&ld, tout.data + d, tout.data_len - d, echo, &lout);
            CHECK(lout.echo_len <= TELNET_LINE_ECHO_MAX);
            if (run.echo_len + lout.echo_len <= sizeof(run.echo)) {
                memcpy(run.echo + run.echo_len, lout.echo, lout.echo_len);
                run.echo_len += lout.echo_len;
            }
            if (lout.result != LD_PENDING) {
                run.result = lout.result;
                run.left = tout.data_len - d;
                if (lout.result == LD_SUBMITTED)
                    run.line_len = ld_take(&ld, run.line, sizeof(run.line));
                return run.result;
            }
        }
    }
    return run.result;
}

#define TYPE(s) type((s), sizeof(s) - 1)
#define ECHO_IS(s) (run.echo_len == sizeof(s) - 1 && memcmp(run.echo, (s), sizeof(s) - 1) == 0)
#define LINE_IS(s) (run.line_len == sizeof(s) - 1 && memcmp(run.line, (s), sizeof(s) - 1) == 0)

/* An engine whose client accepted our echo, and a line request. */
static void start(uint32_t max, uint32_t echo) {
    uint8_t offer[TELNET_OFFER_LEN];
    telnet_init(&tn);
    CHECK_EQ(telnet_offer(&tn, offer, sizeof(offer)), TELNET_OFFER_LEN);
    CHECK_EQ(TYPE("\xff\xfd\x01\xff\xfd\x03"), LD_PENDING); /* DO ECHO, DO SGA */
    ld_init(&ld);
    ld_begin(&ld, max, echo, false);
}

static void test_visible_line(void) {
    start(64, LD_ECHO_VISIBLE);
    CHECK_EQ(TYPE("operator\r\n"), LD_SUBMITTED);
    CHECK(LINE_IS("operator"));
    CHECK(ECHO_IS("operator\r\n"));
    CHECK_EQ(run.left, 0);
}

static void test_hidden_line(void) {
    start(64, LD_ECHO_HIDDEN);
    CHECK_EQ(TYPE("s3cret\r\0"), LD_SUBMITTED);
    CHECK(LINE_IS("s3cret"));
    CHECK(ECHO_IS("\r\n")); /* nothing typed is echoed */
}

static void test_iac_in_line_is_escaped_in_echo(void) {
    start(64, LD_ECHO_VISIBLE);
    CHECK_EQ(TYPE("a\xff\xff"
                  "b\r\n"),
             LD_SUBMITTED);
    CHECK(LINE_IS("a\xff"
                  "b"));
    CHECK(ECHO_IS("a\xff\xff"
                  "b\r\n")); /* a typed 0xff goes back as IAC IAC */
}

static void test_interrupt_cancels(void) {
    start(64, LD_ECHO_VISIBLE);
    CHECK_EQ(TYPE("abc\xff\xf4"
                  "def"),
             LD_CANCELLED);
    CHECK(ECHO_IS("abc^C\r\n"));
    CHECK_EQ(run.line_len, 0);
    CHECK_EQ(run.left, 3); /* "def" stays with the caller */
}

static void test_no_echo_when_client_echoes(void) {
    uint8_t offer[TELNET_OFFER_LEN];
    telnet_init(&tn);
    (void)telnet_offer(&tn, offer, sizeof(offer));
    CHECK_EQ(TYPE("\xff\xfe\x01"), LD_PENDING); /* DONT ECHO: the client echoes */
    ld_init(&ld);
    ld_begin(&ld, 64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(TYPE("name\r\n"), LD_SUBMITTED);
    CHECK(LINE_IS("name"));
    CHECK_EQ(run.echo_len, 0);
}

static void test_type_ahead_stays_with_caller(void) {
    start(64, LD_ECHO_VISIBLE);
    CHECK_EQ(TYPE("first\r\nsecond\r\n"), LD_SUBMITTED);
    CHECK(LINE_IS("first"));
    CHECK(ECHO_IS("first\r\n")); /* no echo of "second" before its prompt */
    CHECK_EQ(run.left, 7);       /* "second\n" is left for the next request */
    ld_begin(&ld, 64, LD_ECHO_VISIBLE, false);
    size_t d = tout.data_len - run.left;
    size_t used = telnet_line_feed(&ld, tout.data + d, run.left, true, &lout);
    CHECK_EQ(used, 7);
    CHECK_EQ(lout.result, LD_SUBMITTED);
    uint8_t line[16];
    CHECK_EQ(ld_take(&ld, line, sizeof(line)), 6);
    CHECK_MEM(line, "second", 6);
}

static void test_reprompt_stops(void) {
    start(64, LD_ECHO_VISIBLE);
    size_t used = telnet_line_feed(&ld, (const uint8_t *)"\nab", 3, true, &lout);
    CHECK_EQ(used, 1);
    CHECK_EQ(lout.result, LD_REPROMPT);
    CHECK_EQ(lout.echo_len, 2);
}

static void test_oversized_line_is_bounded(void) {
    static uint8_t flood[10000];
    memset(flood, 'a', sizeof(flood));
    flood[sizeof(flood) - 2] = '\r';
    flood[sizeof(flood) - 1] = '\n';
    start(LD_CEILING + 100, LD_ECHO_VISIBLE); /* asks for more than the ceiling */
    CHECK_EQ(type(flood, sizeof(flood)), LD_SUBMITTED);
    CHECK_EQ(run.line_len, LD_CEILING);
    CHECK(run.max_engine_data <= TELNET_DATA_MAX);
    CHECK(ld.len == 0);
    /* echo: the accepted bytes, one bell per dropped byte, then CR LF */
    size_t dropped = sizeof(flood) - 2 - LD_CEILING;
    CHECK_EQ(run.echo_len, LD_CEILING + dropped + 2);
    CHECK_EQ(run.echo[LD_CEILING], '\a');
}

static void test_ctrl_u_on_full_line(void) {
    static uint8_t full[LD_CEILING + 1];
    memset(full, 'x', LD_CEILING);
    full[LD_CEILING] = 0x15;
    ld_init(&ld);
    ld_begin(&ld, LD_CEILING, LD_ECHO_VISIBLE, false);
    size_t used = telnet_line_feed(&ld, full, sizeof(full), true, &lout);
    CHECK_EQ(used, sizeof(full));
    CHECK_EQ(lout.echo_len, LD_CEILING + 3 * LD_CEILING); /* the line, then "\b \b" each */
    CHECK_EQ(lout.result, LD_PENDING);
    CHECK_EQ(ld.len, 0);
}

static void test_echo_buffer_stops_feeding(void) {
    static uint8_t many[5000];
    memset(many, 'x', sizeof(many));
    ld_init(&ld);
    ld_begin(&ld, 8, LD_ECHO_VISIBLE, false); /* 8 echoed, then a bell per byte */
    size_t used = telnet_line_feed(&ld, many, sizeof(many), true, &lout);
    CHECK_EQ(used, TELNET_LINE_ECHO_MAX - TELNET_LINE_STEP_ECHO_MAX + 1);
    CHECK_EQ(lout.echo_len, used);
    CHECK_EQ(lout.result, LD_PENDING);
    size_t more = telnet_line_feed(&ld, many + used, sizeof(many) - used, true, &lout);
    CHECK_EQ(used + more, sizeof(many));
    CHECK_EQ(telnet_line_feed(&ld, many, 0, true, &lout), 0);
    CHECK_EQ(lout.echo_len, 0);
}

int main(void) {
    test_visible_line();
    test_hidden_line();
    test_iac_in_line_is_escaped_in_echo();
    test_interrupt_cancels();
    test_no_echo_when_client_echoes();
    test_type_ahead_stays_with_caller();
    test_reprompt_stops();
    test_oversized_line_is_bounded();
    test_ctrl_u_on_full_line();
    test_echo_buffer_stops_feeding();
    return check_summary();
}
