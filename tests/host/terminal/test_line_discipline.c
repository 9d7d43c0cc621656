/* Host tests of the terminal line discipline (terminal/line_discipline.h). */
#include <stdlib.h>
#include "check.h"
#include "line_discipline.h"

/* Everything one scripted run produced. */
typedef struct {
    uint8_t echo[4 * LD_ECHO_MAX];
    size_t echo_len;
    ld_result_t result; /* first non-pending result, LD_PENDING if none */
    size_t consumed;    /* input bytes fed up to and including that result */
    unsigned reprompts; /* LD_REPROMPT results seen */
    uint8_t line[LD_CEILING + 8];
    uint32_t line_len;
} run_t;

static line_discipline_t ld;
static ld_echo_t echo;
static run_t run;

static void collect(void) {
    CHECK(echo.len <= LD_ECHO_MAX);
    if (run.echo_len + echo.len <= sizeof(run.echo)) {
        memcpy(run.echo + run.echo_len, echo.bytes, echo.len);
        run.echo_len += echo.len;
    }
}

/* Feeds n bytes until a result; takes the line when submitted. */
static ld_result_t feed(const char *in, size_t n) {
    memset(&run, 0, sizeof(run));
    run.result = LD_PENDING;
    for (size_t i = 0; i < n; i++) {
        ld_result_t r = ld_feed(&ld, (uint8_t)in[i], &echo);
        collect();
        run.reprompts += r == LD_REPROMPT;
        if (r == LD_PENDING || r == LD_REPROMPT)
            continue;
        run.result = r;
        run.consumed = i + 1;
        if (r == LD_SUBMITTED)
            run.line_len = ld_take(&ld, run.line, sizeof(run.line));
        break;
    }
    return run.result;
}

#define FEED(s) feed((s), sizeof(s) - 1)
#define ECHO_IS(s) (run.echo_len == sizeof(s) - 1 && memcmp(run.echo, (s), sizeof(s) - 1) == 0)
#define LINE_IS(s) (run.line_len == sizeof(s) - 1 && memcmp(run.line, (s), sizeof(s) - 1) == 0)

static bool buffer_scrubbed(void) {
    for (size_t i = 0; i < sizeof(ld.buf); i++)
        if (ld.buf[i])
            return false;
    return ld.len == 0;
}

static void begin(uint32_t max, uint32_t mode, bool allow_empty) {
    ld_begin(&ld, max, mode, allow_empty);
}

static void test_visible_submit(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("hello\r"), LD_SUBMITTED);
    CHECK(LINE_IS("hello"));
    CHECK(ECHO_IS("hello\r\n"));
    CHECK(buffer_scrubbed());
    CHECK(!ld.active);
}

static void test_crlf_counted_once(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("a\r\nb\r"), LD_SUBMITTED);
    CHECK(LINE_IS("a"));
    CHECK_EQ(run.consumed, 2);
    /* the LF of the pair arrives with the next request: swallowed there */
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("\nb\r"), LD_SUBMITTED);
    CHECK(LINE_IS("b"));
    /* LF alone submits; LF CR is two submits */
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("c\n"), LD_SUBMITTED);
    CHECK(LINE_IS("c"));
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("\n"), LD_SUBMITTED);
    CHECK_EQ(run.line_len, 0);
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("\r"), LD_SUBMITTED);
    CHECK_EQ(run.line_len, 0);
}

/* A CR followed by anything but LF leaves that byte alone. */
static void test_cr_then_other_byte(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("\r"), LD_SUBMITTED);
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("x\r"), LD_SUBMITTED);
    CHECK(LINE_IS("x"));
}

/* Hidden echo: whatever is typed, the only echo is the final "\r\n". */
static void test_hidden_never_echoes(void) {
    static const char *const inputs[] = {
        "s3cret-pass\r", "abc\x7f\x08xyz\x15qq\r", "p\x1b[Aw\x1bOBd\x07\x01\x09\r", "partial\x03",
        "\x04",
    };
    static const ld_result_t want[] = {LD_SUBMITTED, LD_SUBMITTED, LD_SUBMITTED, LD_CANCELLED,
                                       LD_CLOSED};
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        ld_init(&ld);
        begin(64, LD_ECHO_HIDDEN, false);
        CHECK_EQ(feed(inputs[i], strlen(inputs[i])), want[i]);
        CHECK(ECHO_IS("\r\n"));
    }
    ld_init(&ld);
    begin(64, LD_ECHO_HIDDEN, false);
    CHECK_EQ(FEED("s3cret-pass\r"), LD_SUBMITTED);
    CHECK(LINE_IS("s3cret-pass"));
    begin(64, LD_ECHO_HIDDEN, false);
    CHECK_EQ(FEED("abc\x7f\x08xyz\x15qq\r"), LD_SUBMITTED);
    CHECK(LINE_IS("qq"));
}

/* Every possible byte typed in hidden mode: still nothing but the newline. */
static void test_hidden_every_byte(void) {
    char in[257];
    size_t n = 0;
    for (unsigned b = 0; b < 256; b++)
        if (b != '\r' && b != '\n' && b != 0x03 && b != 0x04)
            in[n++] = (char)b;
    in[n++] = '\r';
    ld_init(&ld);
    begin(LD_CEILING, LD_ECHO_HIDDEN, true);
    CHECK_EQ(feed(in, n), LD_SUBMITTED);
    CHECK(ECHO_IS("\r\n"));
    CHECK(run.line_len > 0);
}

static void test_hidden_overflow_silent(void) {
    ld_init(&ld);
    begin(4, LD_ECHO_HIDDEN, false);
    CHECK_EQ(FEED("abcdefgh\r"), LD_SUBMITTED);
    CHECK(LINE_IS("abcd"));
    CHECK(ECHO_IS("\r\n")); /* no bell either */
}

static void test_max_bytes(void) {
    ld_init(&ld);
    begin(3, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("abcdef\r"), LD_SUBMITTED);
    CHECK(LINE_IS("abc"));
    CHECK(ECHO_IS("abc\a\a\a\r\n"));
    begin(3, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("abcd\x7fX\r"), LD_SUBMITTED); /* room again after an erase */
    CHECK(LINE_IS("abX"));
}

static void test_ceiling(void) {
    static char in[LD_CEILING + 101];
    memset(in, 'x', sizeof(in) - 1);
    in[sizeof(in) - 1] = '\r';
    uint32_t asks[] = {LD_CEILING, LD_CEILING + 1, 100000, 0xffffffffu};
    for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
        ld_init(&ld);
        begin(asks[i], LD_ECHO_VISIBLE, false);
        CHECK_EQ(ld.max, LD_CEILING);
        CHECK_EQ(feed(in, sizeof(in)), LD_SUBMITTED);
        CHECK_EQ(run.line_len, LD_CEILING);
    }
}

static void test_backspace(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("ab\x08"
                  "c\x7f\x7f\x7f\x7f"
                  "d\r"),
             LD_SUBMITTED);
    CHECK(LINE_IS("d"));
    CHECK(ECHO_IS("ab\b \bc\b \b\b \b"
                  "d\r\n")); /* nothing for erases on empty */
}

static void test_utf8_erase(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("a\xc3\xa9\xe2\x82\xac\x7f\x7f"
                  "b\r"),
             LD_SUBMITTED);
    CHECK(LINE_IS("ab"));
    CHECK(ECHO_IS("a\xc3\xa9\xe2\x82\xac\b \b\b \b"
                  "b\r\n"));
}

static void test_ctrl_c_cancels(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("abc\x03"), LD_CANCELLED);
    CHECK(ECHO_IS("abc^C\r\n"));
    CHECK(buffer_scrubbed());
    CHECK(!ld.active);
    uint8_t out[8] = {0xee};
    CHECK_EQ(ld_take(&ld, out, sizeof(out)), 0);
    CHECK_EQ(out[0], 0xee);
    /* the next request starts clean */
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("z\r"), LD_SUBMITTED);
    CHECK(LINE_IS("z"));
}

static void test_ctrl_d(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("\x04"), LD_CLOSED);
    CHECK(ECHO_IS("\r\n"));
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("a\x04"
                  "b\r"),
             LD_SUBMITTED); /* ignored on a non-empty line */
    CHECK(LINE_IS("ab"));
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("a\x7f\x04"), LD_CLOSED); /* empty again after the erase */
    CHECK(buffer_scrubbed());
}

static void test_end_of_input(void) {
    ld_init(&ld);
    CHECK_EQ(ld_end_of_input(&ld, &echo), LD_PENDING); /* no request */
    CHECK_EQ(echo.len, 0);
    begin(64, LD_ECHO_HIDDEN, false);
    CHECK_EQ(FEED("secr"), LD_PENDING);
    CHECK_EQ(ld_end_of_input(&ld, &echo), LD_CLOSED);
    CHECK(echo.len == 2 && memcmp(echo.bytes, "\r\n", 2) == 0);
    CHECK(buffer_scrubbed());
    CHECK(!ld.active);
}

static void test_kill_line(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("abc\x15"
                  "d\r"),
             LD_SUBMITTED);
    CHECK(LINE_IS("d"));
    CHECK(ECHO_IS("abc\b \b\b \b\b \b"
                  "d\r\n"));
}

static void test_kill_full_line_echo_bound(void) {
    static char in[LD_CEILING + 1];
    memset(in, 'k', LD_CEILING);
    in[LD_CEILING] = 0x15;
    ld_init(&ld);
    begin(LD_CEILING, LD_ECHO_VISIBLE, false);
    CHECK_EQ(feed(in, LD_CEILING), LD_PENDING);
    CHECK_EQ(ld_feed(&ld, 0x15, &echo), LD_PENDING);
    CHECK_EQ(echo.len, LD_ECHO_MAX);
    CHECK(buffer_scrubbed());
}

static void test_other_controls_ignored(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("a\x00\x01\x02\x05\x07\x09\x0b\x0c\x0e\x1a\x1c\x1f"
                  "b\r"),
             LD_SUBMITTED);
    CHECK(LINE_IS("ab"));
    CHECK(ECHO_IS("ab\r\n"));
}

static void test_escape_sequences(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("a\x1b[Ab\x1b[1;5Cc\x1bOBd\x1bxe\r"), LD_SUBMITTED);
    CHECK(LINE_IS("abcde"));
    CHECK(ECHO_IS("abcde\r\n"));
    /* a control byte inside a sequence ends it and still acts */
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("q\x1b[1\x03"), LD_CANCELLED);
    /* an overlong sequence stops being skipped */
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("\x1b[111111111111111111111111\r"), LD_SUBMITTED);
    CHECK(run.line_len > 0 && run.line_len < 24);
}

static void test_allow_empty(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("\r\r\nx\r"), LD_SUBMITTED);
    CHECK_EQ(run.reprompts, 2);
    CHECK(LINE_IS("x"));
    CHECK(ECHO_IS("\r\n\r\nx\r\n"));
    begin(64, LD_ECHO_VISIBLE, true);
    CHECK_EQ(FEED("\r"), LD_SUBMITTED);
    CHECK_EQ(run.line_len, 0);
}

static void test_inactive_ignores_input(void) {
    ld_init(&ld);
    CHECK_EQ(ld_feed(&ld, 'a', &echo), LD_PENDING);
    CHECK_EQ(echo.len, 0);
    CHECK_EQ(ld_feed(&ld, 0x03, &echo), LD_PENDING);
    CHECK(buffer_scrubbed());
}

static void test_take_truncates_and_scrubs(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    for (const char *p = "abcdef\r"; *p; p++)
        (void)ld_feed(&ld, (uint8_t)*p, &echo);
    CHECK_EQ(ld.done_len, 6);
    uint8_t out[3];
    CHECK_EQ(ld_take(&ld, out, sizeof(out)), 3);
    CHECK_MEM(out, "abc", 3);
    CHECK(buffer_scrubbed());
    CHECK_EQ(ld_take(&ld, out, sizeof(out)), 0); /* only once */
}

static void test_abort_scrubs(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_HIDDEN, false);
    CHECK_EQ(FEED("topsecret"), LD_PENDING);
    ld_abort(&ld);
    CHECK(buffer_scrubbed());
    CHECK(!ld.active);
    CHECK_EQ(ld_feed(&ld, '\r', &echo), LD_PENDING);
}

static void test_high_bytes_kept(void) {
    ld_init(&ld);
    begin(64, LD_ECHO_VISIBLE, false);
    CHECK_EQ(FEED("\x80\xff\r"), LD_SUBMITTED);
    CHECK(LINE_IS("\x80\xff"));
}

int main(void) {
    test_visible_submit();
    test_crlf_counted_once();
    test_cr_then_other_byte();
    test_hidden_never_echoes();
    test_hidden_every_byte();
    test_hidden_overflow_silent();
    test_max_bytes();
    test_ceiling();
    test_backspace();
    test_utf8_erase();
    test_ctrl_c_cancels();
    test_ctrl_d();
    test_end_of_input();
    test_kill_line();
    test_kill_full_line_echo_bound();
    test_other_controls_ignored();
    test_escape_sequences();
    test_allow_empty();
    test_inactive_ignores_input();
    test_take_truncates_and_scrubs();
    test_abort_scrubs();
    test_high_bytes_kept();
    return check_summary();
}
