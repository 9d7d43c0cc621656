/* Host tests of the NVT output encoder (gateways/telnet/telnet_encode.h). */
#include "check.h"
#include "telnet_encode.h"
#include "telnet_proto.h"

static uint8_t out[4096];
static size_t out_len, used;

#define ENCODE(s, cap)                                                                             \
    (out_len = telnet_encode((const uint8_t *)(s), sizeof(s) - 1, out, (cap), &used))
#define OUT_IS(s) (out_len == sizeof(s) - 1 && memcmp(out, (s), sizeof(s) - 1) == 0)

static void test_rules(void) {
    ENCODE("plain text", sizeof(out));
    CHECK(OUT_IS("plain text"));
    CHECK_EQ(used, 10);
    ENCODE("a\nb", sizeof(out));
    CHECK(OUT_IS("a\r\nb"));
    ENCODE("a\r\nb", sizeof(out)); /* an existing CR LF is not doubled */
    CHECK(OUT_IS("a\r\nb"));
    ENCODE("a\rb\r", sizeof(out)); /* a lone CR is CR NUL, at the end too */
    CHECK(OUT_IS("a\r\0b\r\0"));
    ENCODE("\xff\xfe\xff", sizeof(out));
    CHECK(OUT_IS("\xff\xff\xfe\xff\xff"));
    ENCODE("\b \b\a", sizeof(out));
    CHECK(OUT_IS("\b \b\a"));
    ENCODE("", sizeof(out));
    CHECK_EQ(out_len, 0);
    CHECK_EQ(used, 0);
}

static void test_whole_units_only(void) {
    ENCODE("ab\xff", 3); /* IAC IAC does not fit in the one byte left */
    CHECK(OUT_IS("ab"));
    CHECK_EQ(used, 2);
    ENCODE("a\r\n", 2);
    CHECK(OUT_IS("a"));
    CHECK_EQ(used, 1);
    ENCODE("a\r\n", 3);
    CHECK(OUT_IS("a\r\n"));
    CHECK_EQ(used, 3);
    ENCODE("\n", 1);
    CHECK_EQ(out_len, 0);
    CHECK_EQ(used, 0);
    ENCODE("xyz", 0);
    CHECK_EQ(out_len, 0);
    CHECK_EQ(used, 0);
}

static void test_worst_case(void) {
    static uint8_t in[300];
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (uint8_t)(i % 3 == 0 ? 0xff : i % 3 == 1 ? '\n' : '\r');
    out_len = telnet_encode(in, sizeof(in), out, TELNET_ENCODE_WORST(sizeof(in)), &used);
    CHECK_EQ(used, sizeof(in));
    CHECK(out_len <= TELNET_ENCODE_WORST(sizeof(in)));
    CHECK_EQ(out_len, 2 * sizeof(in));
}

/* What the engine makes of encoded output is the original, except that a
 * CR LF pair reads back as "\n" (as any line end does). */
static void test_round_trip(void) {
    static const char text[] = "one\ntwo\r\nthree\rfour\xff\xff"
                               "five\r";
    static telnet_t tn;
    static telnet_out_t dec;
    ENCODE(text, sizeof(out));
    CHECK_EQ(used, sizeof(text) - 1);
    telnet_init(&tn);
    size_t n = telnet_feed(&tn, out, out_len, &dec);
    CHECK_EQ(n, out_len);
    static const char want[] = "one\ntwo\nthree\rfour\xff\xff"
                               "five\r";
    CHECK_EQ(dec.data_len, sizeof(want) - 1);
    CHECK_MEM(dec.data, want, sizeof(want) - 1);
    CHECK_EQ(dec.reply_len, 0);
    CHECK_EQ(telnet_error_total(&tn), 0);
}

static void test_banner(void) {
    static const char plain[] = TELNET_BANNER_TEXT;
    uint8_t small[8];
    CHECK_EQ(telnet_banner(small, sizeof(small)), 0);
    size_t n = telnet_banner(out, sizeof(out));
    CHECK(n > sizeof(plain) - 1);
    /* every line ends in CR LF, and it says the link is not encrypted */
    size_t lf = 0, crlf = 0;
    for (size_t i = 0; i < n; i++) {
        lf += out[i] == '\n';
        crlf += out[i] == '\n' && i > 0 && out[i - 1] == '\r';
        CHECK(out[i] != 0xff);
    }
    CHECK_EQ(lf, 4);
    CHECK_EQ(crlf, 4);
    CHECK_EQ(n, sizeof(plain) - 1 + 4);
    CHECK(strstr(plain, "NOT encrypted") != NULL);
    CHECK_MEM(out, "capOS telnet gateway\r\n", 22);
}

int main(void) {
    test_rules();
    test_whole_units_only();
    test_worst_case();
    test_round_trip();
    test_banner();
    return check_summary();
}
