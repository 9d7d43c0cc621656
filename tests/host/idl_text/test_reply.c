/*
 * idl_text_format_reply(): replies built by the real generated dispatchers
 * (from ops that return known outputs) are formatted as text; hand-made
 * malformed replies are refused with a concrete reason; output is bounded by
 * outlen and truncated with "...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "capos/idl/broker.h"
#include "capos/idl/clock.h"
#include "capos/idl/idltest.h"
#include "capos/idl/reflect.h"
#include "capos/idl/terminal.h"
#include "capos/idl_text.h"

#define CHECK_STR(text, want)                                                                      \
    do {                                                                                           \
        if (!check_record(strcmp((text), (want)) == 0, #text " == " #want, __FILE__, __LINE__))    \
            fprintf(stderr, "    got: %s\n", (text));                                              \
    } while (0)

#define CHECK_HAS(text, frag)                                                                      \
    do {                                                                                           \
        if (!check_record(strstr((text), (frag)) != NULL, "\"" frag "\" in " #text, __FILE__,      \
                          __LINE__))                                                               \
            fprintf(stderr, "    got: %s\n", (text));                                              \
    } while (0)

static char out[2048];
static ipc_msg_t req, rep;

static const idl_method_desc_t *method(const char *iface, const char *name) {
    const idl_method_desc_t *m =
        idl_reflect_find_method(idl_reflect_find_iface_by_name(iface), name);

    if (m == NULL) {
        fprintf(stderr, "no method %s.%s in the reflection table\n", iface, name);
        exit(1);
    }
    return m;
}

static idl_text_err_t format(const idl_method_desc_t *m) {
    return idl_text_format_reply(m, &rep, out, sizeof out);
}

/* A request for iface.method carrying nothing. */
static void request(uint32_t iface, uint32_t method_id) {
    memset(&req, 0, sizeof req);
    req.label = IPC_LABEL(iface, method_id);
}

/* ---- ops returning known outputs ------------------------------------------- */

static cap_err_t now_op(void *ctx, uint64_t *ns) {
    (void)ctx;
    *ns = 18446744073709551615ull;
    return CAP_OK;
}

static const clock_server_ops_t clock_ops = {.now = now_op};

static const char *line_text;
static uint32_t line_len_out;

static cap_err_t read_line_op(void *ctx, const char *prompt, uint32_t prompt_len,
                              uint32_t max_bytes, uint32_t echo, uint32_t allow_empty,
                              uint32_t *status, uint8_t *line, uint32_t line_cap,
                              uint32_t *line_len) {
    (void)ctx, (void)prompt, (void)prompt_len, (void)max_bytes, (void)echo, (void)allow_empty;
    (void)line_cap;
    *status = 2;
    memcpy(line, line_text, line_len_out);
    *line_len = line_len_out;
    return CAP_OK;
}

static cap_err_t size_op(void *ctx, uint32_t *cols, uint32_t *rows) {
    (void)ctx;
    *cols = 80;
    *rows = 24;
    return CAP_OK;
}

static const terminal_session_server_ops_t terminal_ops = {.read_line = read_line_op,
                                                           .size = size_op};

static cap_err_t whoami_op(void *ctx, char *account, uint32_t account_cap, uint32_t *account_len,
                           char *profile, uint32_t profile_cap, uint32_t *profile_len,
                           uint32_t *principal_class, uint64_t *principal_id,
                           uint32_t *auth_strength, uint64_t *serial, uint64_t *expires_ms,
                           uint32_t *live) {
    (void)ctx, (void)account_cap, (void)profile_cap;
    memcpy(account, "operator", 8);
    *account_len = 8;
    memcpy(profile, "admin", 5);
    *profile_len = 5;
    *principal_class = 1;
    *principal_id = 42;
    *auth_strength = 2;
    *serial = 7;
    *expires_ms = 0;
    *live = 1;
    return CAP_OK;
}

static const session_self_server_ops_t self_ops = {.whoami = whoami_op};

static cap_err_t anonymous_bundle_op(void *ctx, uint8_t *names, uint32_t names_cap,
                                     uint32_t *names_len, cap_t *bundle, uint32_t bundle_cap,
                                     uint32_t *bundle_count) {
    (void)ctx, (void)names_cap, (void)bundle_cap;
    memcpy(names, "status\0logs", 12);
    *names_len = 12;
    bundle[0] = 30;
    bundle[1] = 31;
    *bundle_count = 2;
    return CAP_OK;
}

static const authority_broker_server_ops_t broker_ops = {.anonymous_bundle = anonymous_bundle_op};

static cap_err_t scalars_op(void *ctx, uint8_t a, uint16_t b, uint32_t c, uint64_t d, int32_t e,
                            int64_t f, uint8_t *a2, uint16_t *b2, uint32_t *c2, uint64_t *d2,
                            int32_t *e2, int64_t *f2) {
    (void)ctx, (void)a, (void)b, (void)c, (void)d, (void)e, (void)f;
    *a2 = 255;
    *b2 = 65535;
    *c2 = 0;
    *d2 = 1;
    *e2 = INT32_MIN;
    *f2 = INT64_MIN;
    return CAP_OK;
}

static const char *text_s2;
static uint32_t text_s2_len;

static cap_err_t text_op(void *ctx, const char *s, uint32_t s_len, const uint8_t *b, uint32_t b_len,
                         uint32_t tail, char *s2, uint32_t s2_cap, uint32_t *s2_len, uint8_t *b2,
                         uint32_t b2_cap, uint32_t *b2_len, uint32_t *tail2) {
    (void)ctx, (void)s, (void)s_len, (void)b, (void)b_len, (void)tail, (void)s2_cap, (void)b2_cap;
    memcpy(s2, text_s2, text_s2_len);
    *s2_len = text_s2_len;
    *b2_len = 0;
    (void)b2;
    *tail2 = 9;
    return CAP_OK;
}

static cap_err_t caps_op(void *ctx, cap_t first, uint16_t tag, const ipc_cap_t *rest,
                         uint32_t rest_count, cap_t *one, cap_t *many, uint32_t many_cap,
                         uint32_t *many_count, uint16_t *n) {
    (void)ctx, (void)first, (void)tag, (void)rest, (void)rest_count, (void)many_cap;
    *one = 50;
    many[0] = 51;
    many[1] = 52;
    *many_count = 2;
    *n = 5;
    return CAP_OK;
}

static const idl_test_server_ops_t idltest_ops = {
    .scalars = scalars_op, .text = text_op, .caps = caps_op};

/* ---- good replies ------------------------------------------------------------- */

static void test_formats(void) {
    request(CLOCK_IFACE_ID, CLOCK_NOW);
    CHECK_EQ(clock_dispatch(&clock_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(method("Clock", "now")), IDL_TEXT_OK);
    CHECK_STR(out, "ns=18446744073709551615");

    request(SESSION_SELF_IFACE_ID, SESSION_SELF_WHOAMI);
    CHECK_EQ(session_self_dispatch(&self_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(method("SessionSelf", "whoami")), IDL_TEXT_OK);
    CHECK_STR(out, "account=\"operator\" profile=\"admin\" principal_class=1 principal_id=42 "
                   "auth_strength=2 serial=7 expires_ms=0 live=1");

    request(TERMINAL_SESSION_IFACE_ID, TERMINAL_SESSION_SIZE);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(method("TerminalSession", "size")), IDL_TEXT_OK);
    CHECK_STR(out, "cols=80 rows=24");

    /* read_line's request needs its fields; build it with the codec. */
    const idl_method_desc_t *rl = method("TerminalSession", "read_line");
    char *words[] = {"> ", "64", "0", "1"};
    char err[128];
    CHECK_EQ(idl_text_encode(rl, 4, words, NULL, NULL, 0, &req, err, sizeof err), IDL_TEXT_OK);
    line_text = "hello \"you\" \\o/";
    line_len_out = (uint32_t)strlen(line_text);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(rl), IDL_TEXT_OK);
    CHECK_STR(out, "status=2 line=\"hello \\\"you\\\" \\\\o/\"");
    line_text = "\x01"
                "a\xff";
    line_len_out = 3;
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(rl), IDL_TEXT_OK);
    CHECK_STR(out, "status=2 line=hex:0161ff");
    line_len_out = 0;
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(rl), IDL_TEXT_OK);
    CHECK_STR(out, "status=2 line=\"\"");

    request(AUTHORITY_BROKER_IFACE_ID, AUTHORITY_BROKER_ANONYMOUS_BUNDLE);
    CHECK_EQ(authority_broker_dispatch(&broker_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(method("AuthorityBroker", "anonymous_bundle")), IDL_TEXT_OK);
    CHECK_STR(out, "names=hex:737461747573006c6f677300 bundle=<2 caps>");
    CHECK_EQ(rep.ncaps, 2); /* still there for the caller to take */

    /* A method without outputs formats as nothing. */
    memset(&rep, 0, sizeof rep);
    CHECK_EQ(format(method("Clock", "sleep")), IDL_TEXT_OK);
    CHECK_STR(out, "");
}

static void test_idltest_formats(void) {
    request(IDL_TEST_IFACE_ID, IDL_TEST_SCALARS);
    for (int i = 0; i < 27; i++)
        req.data[req.len++] = 0;
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(method("IdlTest", "scalars")), IDL_TEXT_OK);
    CHECK_STR(out, "a2=255 b2=65535 c2=0 d2=1 e2=-2147483648 f2=-9223372036854775808");

    const idl_method_desc_t *text = method("IdlTest", "text");
    char *words[] = {"", "", "0"};
    char err[128];
    CHECK_EQ(idl_text_encode(text, 3, words, NULL, NULL, 0, &req, err, sizeof err), IDL_TEXT_OK);
    text_s2 = "a\"b\\c\x01\x7f";
    text_s2_len = 7;
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(text), IDL_TEXT_OK);
    CHECK_STR(out, "s2=\"a\\\"b\\\\c\\x01\\x7f\" b2=\"\" tail2=9");

    const idl_method_desc_t *caps = method("IdlTest", "caps");
    const cap_t handles[] = {1};
    char *tag[] = {"3"};
    CHECK_EQ(idl_text_encode(caps, 1, tag, NULL, handles, 1, &req, err, sizeof err), IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &req, &rep), CAP_OK);
    CHECK_EQ(format(caps), IDL_TEXT_OK);
    CHECK_STR(out, "one=<cap> many=<2 caps> n=5");
}

/* ---- malformed replies ---------------------------------------------------------- */

/* A reply to Clock.now holding ns = 5, which each case then damages. */
static void now_reply(void) {
    memset(&rep, 0, sizeof rep);
    rep.label = CAP_OK;
    rep.len = 8;
    rep.data[0] = 5;
}

static void test_bad_replies(void) {
    const idl_method_desc_t *now = method("Clock", "now");
    const idl_method_desc_t *rl = method("TerminalSession", "read_line");
    const idl_method_desc_t *whoami = method("SessionSelf", "whoami");
    const idl_method_desc_t *bundle = method("AuthorityBroker", "anonymous_bundle");
    const idl_method_desc_t *caps = method("IdlTest", "caps");

    now_reply();
    CHECK_EQ(format(now), IDL_TEXT_OK);
    CHECK_STR(out, "ns=5");

    now_reply();
    rep.label = CAP_ERR_BAD_ARGS;
    CHECK_EQ(format(now), IDL_TEXT_REPLY_STATUS);
    CHECK_STR(out, "error status 6");

    now_reply();
    rep.len = 7;
    CHECK_EQ(format(now), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: ns (u64): the data ends after 7 of its 8 bytes");

    now_reply();
    rep.len = 9;
    CHECK_EQ(format(now), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: 1 data bytes after the outputs");

    now_reply();
    rep.ncaps = 1;
    CHECK_EQ(format(now), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: 1 capabilities after the outputs");

    now_reply();
    rep.len = IPC_MAX_BYTES + 1;
    CHECK_EQ(format(now), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: 1025 data bytes, over IPC_MAX_BYTES");

    now_reply();
    rep.ncaps = IPC_MAX_CAPS + 1;
    CHECK_EQ(format(now), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: 9 capabilities, over IPC_MAX_CAPS");

    /* read_line: status u32, then line bytes<512>. */
    memset(&rep, 0, sizeof rep);
    rep.len = 4 + 2;
    CHECK_EQ(format(rl), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: line (bytes<512>): the data ends inside its length (2 of 4 bytes)");
    rep.len = 8;
    rep.data[4] = 0x01;
    rep.data[5] = 0x02; /* length 513 */
    CHECK_EQ(format(rl), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: line (bytes<512>): length 513 over the bound");
    rep.data[4] = 3;
    rep.data[5] = 0;
    rep.len = 10;
    CHECK_EQ(format(rl), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: line (bytes<512>): length 3 but only 2 bytes follow");
    rep.len = 11;
    CHECK_EQ(format(rl), IDL_TEXT_OK);
    CHECK_STR(out, "status=0 line=hex:000000");

    /* A string output holding a NUL. */
    memset(&rep, 0, sizeof rep);
    rep.data[0] = 2;
    rep.data[4] = 'o';
    rep.len = 6;
    CHECK_EQ(format(whoami), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: account (string<32>): NUL byte at offset 1");

    /* Cap outputs: missing, and over a caps<N> bound. */
    memset(&rep, 0, sizeof rep);
    rep.len = 2; /* n = 0; caps carry no data */
    CHECK_EQ(format(caps), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: one (cap): no capability left for it");
    rep.ncaps = 6;
    CHECK_EQ(format(caps), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: many (caps<4>): 5 capabilities, over the bound");
    rep.ncaps = 1;
    CHECK_EQ(format(caps), IDL_TEXT_OK);
    CHECK_STR(out, "one=<cap> many=<0 caps> n=0");
    memset(&rep, 0, sizeof rep);
    rep.len = 4;
    rep.ncaps = 6;
    CHECK_EQ(format(bundle), IDL_TEXT_BAD_REPLY);
    CHECK_STR(out, "bad reply: bundle (caps<5>): 6 capabilities, over the bound");

    CHECK_EQ(idl_text_format_reply(NULL, &rep, out, sizeof out), IDL_TEXT_BAD_DESC);
    CHECK_EQ(idl_text_format_reply(now, NULL, out, sizeof out), IDL_TEXT_BAD_DESC);
}

/* ---- bounded output --------------------------------------------------------------- */

static void test_truncation(void) {
    const idl_method_desc_t *whoami = method("SessionSelf", "whoami");
    char buf[64];
    const char *full = "account=\"operator\" profile=\"admin\" principal_class=1 principal_id=42 "
                       "auth_strength=2 serial=7 expires_ms=0 live=1";
    size_t full_len = strlen(full);

    request(SESSION_SELF_IFACE_ID, SESSION_SELF_WHOAMI);
    CHECK_EQ(session_self_dispatch(&self_ops, NULL, &req, &rep), CAP_OK);
    for (size_t n = 0; n < sizeof buf; n++) {
        memset(buf, 'z', sizeof buf);
        idl_text_err_t r = idl_text_format_reply(whoami, &rep, n == 0 ? NULL : buf, n);
        CHECK_EQ(r, IDL_TEXT_TRUNCATED);
        for (size_t i = n; i < sizeof buf; i++)
            CHECK_EQ(buf[i], 'z');
        if (n == 0)
            continue;
        size_t len = strlen(buf);
        CHECK_EQ(len, n - 1);
        size_t dots = n - 1 < 3 ? n - 1 : 3;
        CHECK(memcmp(buf, full, len - dots) == 0);
        CHECK(memcmp(buf + len - dots, "...", dots) == 0);
    }
    static char exact[256];
    CHECK_EQ(idl_text_format_reply(whoami, &rep, exact, full_len + 1), IDL_TEXT_OK);
    CHECK_STR(exact, full);
    CHECK_EQ(idl_text_format_reply(whoami, &rep, exact, full_len), IDL_TEXT_TRUNCATED);
    CHECK(strcmp(exact + full_len - 4, "...") == 0);

    /* An error message is bounded the same way. */
    now_reply();
    rep.len = 3;
    CHECK_EQ(idl_text_format_reply(method("Clock", "now"), &rep, buf, 16), IDL_TEXT_BAD_REPLY);
    CHECK_STR(buf, "bad reply: n...");
}

int main(void) {
    test_formats();
    test_idltest_formats();
    test_bad_replies();
    test_truncation();
    return check_summary();
}
