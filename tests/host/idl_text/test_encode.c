/*
 * idl_text_encode(): text calls go through the real generated dispatchers
 * into ops that record their arguments, and match byte for byte what the
 * generated client stubs send (captured by a fake capos_invoke()). Every
 * error path is checked for a concrete message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "capos/idl/audit.h"
#include "capos/idl/broker.h"
#include "capos/idl/clock.h"
#include "capos/idl/idltest.h"
#include "capos/idl/reflect.h"
#include "capos/idl/terminal.h"
#include "capos/idl_text.h"

#define CHECK_HAS(text, frag)                                                                      \
    do {                                                                                           \
        if (!check_record(strstr((text), (frag)) != NULL, "\"" frag "\" in " #text, __FILE__,      \
                          __LINE__))                                                               \
            fprintf(stderr, "    got: %s\n", (text));                                              \
    } while (0)

static char err[512];

static const idl_method_desc_t *method(const char *iface, const char *name) {
    const idl_method_desc_t *m =
        idl_reflect_find_method(idl_reflect_find_iface_by_name(iface), name);

    if (m == NULL) {
        fprintf(stderr, "no method %s.%s in the reflection table\n", iface, name);
        exit(1);
    }
    return m;
}

/* Encodes with the words of a NULL-terminated list and the given caps. */
static idl_text_err_t encode_caps(const idl_method_desc_t *m, ipc_msg_t *msg, const cap_t *caps,
                                  uint32_t ncaps, const char *const *words) {
    int n = 0;

    while (words[n] != NULL)
        n++;
    memset(msg, 0xa5, sizeof *msg);
    return idl_text_encode(m, n, (char *const *)words, NULL, caps, ncaps, msg, err, sizeof err);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define ENCODE(m, msg, ...) encode_caps((m), (msg), NULL, 0, WORDS(__VA_ARGS__))
#define ENCODE0(m, msg) encode_caps((m), (msg), NULL, 0, WORDS(NULL))

/* ---- what the generated client stubs send --------------------------------- */

static ipc_msg_t stub_msg;

/* Captures the request and answers with an error, so stubs decode nothing. */
cap_err_t capos_invoke(cap_t cap, ipc_msg_t *msg) {
    (void)cap;
    stub_msg = *msg;
    msg->label = CAP_ERR_DENIED;
    msg->len = 0;
    msg->ncaps = 0;
    return CAP_OK;
}

static int same_wire(const ipc_msg_t *a, const ipc_msg_t *b) {
    if (a->label != b->label || a->len != b->len || a->ncaps != b->ncaps ||
        a->disclose != b->disclose)
        return 0;
    for (uint32_t i = 0; i < a->ncaps; i++) {
        if (a->caps[i].cap != b->caps[i].cap || a->caps[i].mode != b->caps[i].mode)
            return 0;
    }
    return memcmp(a->data, b->data, a->len) == 0;
}

/* ---- recording server ops ---------------------------------------------------- */

static struct {
    int calls;
    uint64_t u64;
    char text[1024];
    uint32_t text_len;
    uint8_t bytes[1024];
    uint32_t bytes_len;
    uint32_t a, b, c;
    cap_t cap;
    cap_t caps[8];
    uint32_t ncaps;
    uint16_t tag;
    uint8_t s_u8;
    uint16_t s_u16;
    int32_t s_i32;
    int64_t s_i64;
} rec;

static void keep_text(const char *p, uint32_t n) {
    memcpy(rec.text, p, n);
    rec.text_len = n;
}

static cap_err_t clock_sleep_op(void *ctx, uint64_t ns) {
    (void)ctx;
    rec.calls++;
    rec.u64 = ns;
    return CAP_OK;
}

static const clock_server_ops_t clock_ops = {.sleep = clock_sleep_op};

static cap_err_t read_line_op(void *ctx, const char *prompt, uint32_t prompt_len,
                              uint32_t max_bytes, uint32_t echo, uint32_t allow_empty,
                              uint32_t *status, uint8_t *line, uint32_t line_cap,
                              uint32_t *line_len) {
    (void)ctx, (void)status, (void)line, (void)line_cap, (void)line_len;
    rec.calls++;
    keep_text(prompt, prompt_len);
    rec.a = max_bytes;
    rec.b = echo;
    rec.c = allow_empty;
    return CAP_OK;
}

static cap_err_t write_op(void *ctx, const uint8_t *data, uint32_t data_len) {
    (void)ctx;
    rec.calls++;
    memcpy(rec.bytes, data, data_len);
    rec.bytes_len = data_len;
    return CAP_OK;
}

static const terminal_session_server_ops_t terminal_ops = {.read_line = read_line_op,
                                                           .write = write_op};

static cap_err_t record_op(void *ctx, uint32_t kind, uint32_t result, uint64_t subject,
                           const char *detail, uint32_t detail_len) {
    (void)ctx;
    rec.calls++;
    rec.a = kind;
    rec.b = result;
    rec.u64 = subject;
    keep_text(detail, detail_len);
    return CAP_OK;
}

static const audit_log_server_ops_t audit_ops = {.record = record_op};

static cap_err_t admit_op(void *ctx, cap_t session, const char *profile, uint32_t profile_len,
                          const char *account, uint32_t account_len, uint64_t principal_id,
                          uint32_t auth_strength) {
    (void)ctx;
    rec.calls++;
    rec.cap = session;
    keep_text(profile, profile_len);
    memcpy(rec.bytes, account, account_len);
    rec.bytes_len = account_len;
    rec.u64 = principal_id;
    rec.a = auth_strength;
    return CAP_OK;
}

static const authority_broker_server_ops_t broker_ops = {.admit = admit_op};

static cap_err_t scalars_op(void *ctx, uint8_t a, uint16_t b, uint32_t c, uint64_t d, int32_t e,
                            int64_t f, uint8_t *a2, uint16_t *b2, uint32_t *c2, uint64_t *d2,
                            int32_t *e2, int64_t *f2) {
    (void)ctx, (void)a2, (void)b2, (void)c2, (void)d2, (void)e2, (void)f2;
    rec.calls++;
    rec.s_u8 = a;
    rec.s_u16 = b;
    rec.a = c;
    rec.u64 = d;
    rec.s_i32 = e;
    rec.s_i64 = f;
    return CAP_OK;
}

static cap_err_t caps_op(void *ctx, cap_t first, uint16_t tag, const ipc_cap_t *rest,
                         uint32_t rest_count, cap_t *one, cap_t *many, uint32_t many_cap,
                         uint32_t *many_count, uint16_t *n) {
    (void)ctx, (void)one, (void)many, (void)many_cap, (void)many_count, (void)n;
    rec.calls++;
    rec.cap = first;
    rec.tag = tag;
    rec.ncaps = rest_count;
    for (uint32_t i = 0; i < rest_count; i++)
        rec.caps[i] = rest[i].cap;
    return CAP_OK;
}

static const idl_test_server_ops_t idltest_ops = {.scalars = scalars_op, .caps = caps_op};

/* ---- round trips --------------------------------------------------------------- */

static ipc_msg_t msg, rep;

static void test_clock_sleep(void) {
    const idl_method_desc_t *m = method("Clock", "sleep");

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(ENCODE(m, &msg, "1500"), IDL_TEXT_OK);
    CHECK(strcmp(err, "") == 0);
    CHECK_EQ(msg.label, IPC_LABEL(CLOCK_IFACE_ID, CLOCK_SLEEP));
    CHECK_EQ(msg.len, 8);
    CHECK_EQ(msg.ncaps, 0);
    CHECK_EQ(msg.disclose, 0);
    CHECK_EQ(clock_dispatch(&clock_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.calls, 1);
    CHECK_EQ(rec.u64, 1500);
    CHECK_EQ(clock_sleep(3, 1500), CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    CHECK_EQ(ENCODE(m, &msg, "0xFFFFffffFFFFffff"), IDL_TEXT_OK);
    CHECK_EQ(clock_dispatch(&clock_ops, NULL, &msg, &rep), CAP_OK);
    CHECK(rec.u64 == UINT64_MAX);
    CHECK_EQ(ENCODE(m, &msg, "0"), IDL_TEXT_OK);
    CHECK_EQ(clock_dispatch(&clock_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.u64, 0);
}

static void test_read_line(void) {
    const idl_method_desc_t *m = method("TerminalSession", "read_line");
    uint32_t status, line_len;
    uint8_t line[8];

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(ENCODE(m, &msg, "Name: ", "64", "0", "0x1"), IDL_TEXT_OK);
    CHECK_EQ(msg.label, IPC_LABEL(TERMINAL_SESSION_IFACE_ID, TERMINAL_SESSION_READ_LINE));
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.calls, 1);
    CHECK_EQ(rec.text_len, 6);
    CHECK_MEM(rec.text, "Name: ", 6);
    CHECK_EQ(rec.a, 64);
    CHECK_EQ(rec.b, 0);
    CHECK_EQ(rec.c, 1);
    CHECK_EQ(
        terminal_session_read_line(3, "Name: ", 6, 64, 0, 1, &status, line, sizeof line, &line_len),
        CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    /* An empty prompt and a 200-byte one (the bound) are both fine. */
    CHECK_EQ(ENCODE(m, &msg, "", "1", "1", "0"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.text_len, 0);
    char prompt[202];
    memset(prompt, 'p', 200);
    prompt[200] = '\0';
    CHECK_EQ(ENCODE(m, &msg, prompt, "1", "1", "0"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.text_len, 200);

    prompt[200] = 'p';
    prompt[201] = '\0';
    CHECK_EQ(ENCODE(m, &msg, prompt, "1", "1", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (prompt: string<200>): 201 bytes, over the bound 200");
    CHECK_EQ(msg.len, 0);
    CHECK_EQ(msg.ncaps, 0);
}

static void test_write_bytes(void) {
    const idl_method_desc_t *m = method("TerminalSession", "write");
    static char hex[2 * 1017 + 8];

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(ENCODE(m, &msg, "hex:00fF10"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.bytes_len, 3);
    CHECK_MEM(rec.bytes, "\x00\xff\x10", 3);
    CHECK_EQ(terminal_session_write(3, (const uint8_t *)"\x00\xff\x10", 3), CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    CHECK_EQ(ENCODE(m, &msg, "hello"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.bytes_len, 5);
    CHECK_MEM(rec.bytes, "hello", 5);
    CHECK_EQ(ENCODE(m, &msg, "hex:"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.bytes_len, 0);
    /* Text merely starting like the prefix is text. */
    CHECK_EQ(ENCODE(m, &msg, "hex"), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.bytes_len, 3);

    CHECK_EQ(ENCODE(m, &msg, "hex:123"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err,
              "argument 1 (data: bytes<1016>): hex: needs an even number of hex digits, got 3");
    CHECK_EQ(ENCODE(m, &msg, "hex:12zz"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "bad hex digit \"z\" at offset 6");
    CHECK_EQ(ENCODE(m, &msg, "hex:0\x01"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "bad hex digit \"\\x01\" at offset 5");
    memcpy(hex, "hex:", 4);
    memset(hex + 4, 'a', 2 * 1017);
    hex[4 + 2 * 1017] = '\0';
    CHECK_EQ(ENCODE(m, &msg, hex), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (data: bytes<1016>): 1017 bytes, over the bound 1016");
    hex[4 + 2 * 1016] = '\0';
    CHECK_EQ(ENCODE(m, &msg, hex), IDL_TEXT_OK);
    CHECK_EQ(terminal_session_dispatch(&terminal_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.bytes_len, 1016);
    CHECK_EQ(rec.bytes[1015], 0xaa);
}

static void test_audit_record(void) {
    const idl_method_desc_t *m = method("AuditLog", "record");

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(ENCODE(m, &msg, "3", "0", "0x1234567890", "volatile"), IDL_TEXT_OK);
    CHECK_EQ(audit_log_dispatch(&audit_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.a, 3);
    CHECK_EQ(rec.b, 0);
    CHECK_EQ(rec.u64, 0x1234567890ull);
    CHECK_EQ(rec.text_len, 8);
    CHECK_MEM(rec.text, "volatile", 8);
    CHECK_EQ(audit_log_record(3, 3, 0, 0x1234567890ull, "volatile", 8), CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    CHECK_EQ(ENCODE(m, &msg, "4294967296", "0", "1", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (kind: u32): \"4294967296\" is out of range 0..4294967295");
    CHECK_EQ(ENCODE(m, &msg, "1", "-1", "1", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 2 (result: u32): \"-1\" is out of range 0..4294967295");
    CHECK_EQ(ENCODE(m, &msg, "1", "2", "18446744073709551616", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 3 (subject: u64): \"18446744073709551616\" is out of range "
                   "0..18446744073709551615");
    CHECK_EQ(ENCODE(m, &msg, "1", "2", "12x", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 3 (subject: u64): \"12x\" is not an integer (decimal or 0x hex)");
    CHECK_EQ(ENCODE(m, &msg, "", "2", "3", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (kind: u32): \"\" is not an integer");
    CHECK_EQ(ENCODE(m, &msg, "0x", "2", "3", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"0x\" is not an integer");
    CHECK_EQ(ENCODE(m, &msg, " 1", "2", "3", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\" 1\" is not an integer");
    CHECK_EQ(ENCODE(m, &msg, "+1", "2", "3", "x"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"+1\" is not an integer");
    /* A long bad argument is quoted only in part. */
    CHECK_EQ(ENCODE(m, &msg, "1234567890123456789012345678901234567890", "2", "3", "x"),
             IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"123456789012345678901234\"... is out of range");

    CHECK_EQ(ENCODE(m, &msg, "1", "2", "3", "012345678901234567890123456789012"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 4 (detail: string<32>): 33 bytes, over the bound 32");

    /* A NUL can only come in through lengths (a quoted "\0" in the shell). */
    const char *words[] = {"1", "2", "3", "ab\0cd"};
    const uint32_t lens[] = {1, 1, 1, 5};
    CHECK_EQ(idl_text_encode(m, 4, (char *const *)words, lens, NULL, 0, &msg, err, sizeof err),
             IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 4 (detail: string<32>): a string holds no NUL byte, found one at "
                   "offset 2");
    CHECK_EQ(msg.len, 0);
}

static void test_arg_count(void) {
    CHECK_EQ(ENCODE(method("Clock", "sleep"), &msg, "1", "2"), IDL_TEXT_ARG_COUNT);
    CHECK_HAS(err, "Clock.sleep takes 1 argument (ns: u64), got 2");
    CHECK_EQ(ENCODE0(method("Clock", "sleep"), &msg), IDL_TEXT_ARG_COUNT);
    CHECK_HAS(err, "Clock.sleep takes 1 argument (ns: u64), got 0");
    CHECK_EQ(ENCODE(method("TerminalSession", "read_line"), &msg, "x"), IDL_TEXT_ARG_COUNT);
    CHECK_HAS(err, "TerminalSession.read_line takes 4 arguments (prompt: string<200>, max_bytes: "
                   "u32, echo: u32, allow_empty: u32), got 1");
    CHECK_EQ(ENCODE(method("SessionSelf", "whoami"), &msg, "x"), IDL_TEXT_ARG_COUNT);
    CHECK_HAS(err, "SessionSelf.whoami takes no arguments, got 1");
    CHECK_EQ(msg.len, 0);

    CHECK_EQ(ENCODE0(method("SessionSelf", "whoami"), &msg), IDL_TEXT_OK);
    CHECK_EQ(msg.label, IPC_LABEL(337, 0));
    CHECK_EQ(msg.len, 0);
    CHECK_EQ(msg.ncaps, 0);
}

/* ---- capability inputs ------------------------------------------------------- */

static void test_caps(void) {
    const idl_method_desc_t *admit = method("AuthorityBroker", "admit");
    const idl_method_desc_t *caps = method("IdlTest", "caps");
    const cap_t handles[] = {41, 42, 43, 44, 45};

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(encode_caps(admit, &msg, handles, 1, WORDS("operator-profile", "op", "99", "2")),
             IDL_TEXT_OK);
    CHECK_EQ(msg.ncaps, 1);
    CHECK_EQ(msg.caps[0].mode, IPC_CAP_COPY);
    CHECK_EQ(authority_broker_dispatch(&broker_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.cap, 41);
    CHECK_EQ(rec.text_len, 16);
    CHECK_MEM(rec.text, "operator-profile", 16);
    CHECK_EQ(rec.bytes_len, 2);
    CHECK_EQ(rec.u64, 99);
    CHECK_EQ(rec.a, 2);
    CHECK_EQ(authority_broker_admit(3, 41, "operator-profile", 16, "op", 2, 99, 2), CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    CHECK_EQ(encode_caps(admit, &msg, NULL, 0, WORDS("p", "a", "1", "2")), IDL_TEXT_NEEDS_CAPS);
    CHECK_HAS(err, "AuthorityBroker.admit takes 1 capability (session: cap) given as @name, got 0");
    CHECK_EQ(encode_caps(admit, &msg, handles, 2, WORDS("p", "a", "1", "2")), IDL_TEXT_EXTRA_CAPS);
    CHECK_HAS(err, "AuthorityBroker.admit takes 1 capability (session: cap) given as @name, got 2");
    CHECK_EQ(msg.ncaps, 0);
    CHECK_EQ(encode_caps(admit, &msg, handles, 1, WORDS("p")), IDL_TEXT_ARG_COUNT);
    CHECK_HAS(err, "besides its @name capabilities, got 1");
    CHECK_EQ(encode_caps(method("Clock", "sleep"), &msg, handles, 1, WORDS("1")),
             IDL_TEXT_EXTRA_CAPS);
    CHECK_HAS(err, "Clock.sleep takes no capabilities, got 1");

    /* cap, then a caps<3> list taking all the rest. */
    CHECK_EQ(encode_caps(caps, &msg, handles, 3, WORDS("0x7fff")), IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.cap, 41);
    CHECK_EQ(rec.tag, 0x7fff);
    CHECK_EQ(rec.ncaps, 2);
    CHECK_EQ(rec.caps[1], 43);
    const ipc_cap_t rest[] = {{42, IPC_CAP_COPY}, {43, IPC_CAP_COPY}};
    cap_t one, many[4];
    uint32_t many_count;
    uint16_t n;
    CHECK_EQ(idl_test_caps(3, 41, 0x7fff, rest, 2, &one, many, 4, &many_count, &n), CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));
    CHECK_EQ(encode_caps(caps, &msg, handles, 1, WORDS("1")), IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.ncaps, 0);
    CHECK_EQ(encode_caps(caps, &msg, handles, 5, WORDS("1")), IDL_TEXT_EXTRA_CAPS);
    CHECK_HAS(err, "IdlTest.caps takes 1 to 4 capabilities (first: cap, rest: caps<3>) given as "
                   "@name, got 5");
    CHECK_EQ(encode_caps(caps, &msg, NULL, 0, WORDS("1")), IDL_TEXT_NEEDS_CAPS);
    CHECK_EQ(encode_caps(caps, &msg, handles, 1, WORDS("65536")), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (tag: u16): \"65536\" is out of range 0..65535");
}

/* ---- every integer kind -------------------------------------------------------- */

static void test_scalars(void) {
    const idl_method_desc_t *m = method("IdlTest", "scalars");

    memset(&rec, 0, sizeof rec);
    CHECK_EQ(ENCODE(m, &msg, "255", "0xffff", "4294967295", "18446744073709551615", "-2147483648",
                    "-9223372036854775808"),
             IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.s_u8, 255);
    CHECK_EQ(rec.s_u16, 0xffff);
    CHECK_EQ(rec.a, 0xffffffffu);
    CHECK(rec.u64 == UINT64_MAX);
    CHECK_EQ(rec.s_i32, INT32_MIN);
    CHECK(rec.s_i64 == INT64_MIN);
    uint8_t a2;
    uint16_t b2;
    uint32_t c2;
    uint64_t d2;
    int32_t e2;
    int64_t f2;
    CHECK_EQ(idl_test_scalars(3, 255, 0xffff, 0xffffffffu, UINT64_MAX, INT32_MIN, INT64_MIN, &a2,
                              &b2, &c2, &d2, &e2, &f2),
             CAP_ERR_DENIED);
    CHECK(same_wire(&msg, &stub_msg));

    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "2147483647", "-0x8000000000000000"), IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.s_i32, INT32_MAX);
    CHECK(rec.s_i64 == INT64_MIN);
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "-1", "9223372036854775807"), IDL_TEXT_OK);
    CHECK_EQ(idl_test_dispatch(&idltest_ops, NULL, &msg, &rep), CAP_OK);
    CHECK_EQ(rec.s_i32, -1);
    CHECK(rec.s_i64 == INT64_MAX);

    CHECK_EQ(ENCODE(m, &msg, "256", "0", "0", "0", "0", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 1 (a: u8): \"256\" is out of range 0..255");
    CHECK_EQ(ENCODE(m, &msg, "0", "0x10000", "0", "0", "0", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 2 (b: u16): \"0x10000\" is out of range 0..65535");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "2147483648", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 5 (e: i32): \"2147483648\" is out of range -2147483648..2147483647");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "-2147483649", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"-2147483649\" is out of range -2147483648..2147483647");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "0", "-9223372036854775809"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 6 (f: i64): \"-9223372036854775809\" is out of range "
                   "-9223372036854775808..9223372036854775807");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "0", "--1"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"--1\" is not an integer");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0", "-", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "\"-\" is not an integer");
    CHECK_EQ(ENCODE(m, &msg, "0", "0", "0", "0xg", "0", "0"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "argument 4 (d: u64): \"0xg\" is not an integer");
}

/* ---- lookups, signatures, bounded messages --------------------------------------- */

static void test_find_method(void) {
    const idl_iface_desc_t *clock = idl_reflect_find_iface_by_name("Clock");
    const idl_method_desc_t *m = NULL;
    char sig[128];

    CHECK_EQ(idl_text_find_method(clock, "tsc_hz", &m, err, sizeof err), IDL_TEXT_OK);
    CHECK(m != NULL && m->id == CLOCK_TSC_HZ);
    CHECK(strcmp(err, "") == 0);
    CHECK_EQ(idl_text_find_method(clock, "slep", &m, err, sizeof err), IDL_TEXT_UNKNOWN_METHOD);
    CHECK(m == NULL);
    CHECK_HAS(err, "Clock has no method \"slep\"; methods: now sleep tsc_hz");
    CHECK_EQ(idl_text_find_method(clock, "", &m, err, sizeof err), IDL_TEXT_UNKNOWN_METHOD);
    CHECK_EQ(idl_text_find_method(NULL, "now", &m, err, sizeof err), IDL_TEXT_BAD_DESC);
    CHECK_EQ(idl_text_find_method(clock, "now", NULL, err, sizeof err), IDL_TEXT_BAD_DESC);

    CHECK_EQ(idl_text_signature(method("Clock", "sleep"), sig, sizeof sig), IDL_TEXT_OK);
    CHECK(strcmp(sig, "Clock.sleep(ns: u64) -> ()") == 0);
    CHECK_EQ(idl_text_signature(method("AuthorityBroker", "shell_bundle"), sig, sizeof sig),
             IDL_TEXT_OK);
    CHECK(strcmp(sig, "AuthorityBroker.shell_bundle(session: cap) -> (profile: string<32>, names: "
                      "bytes<128>, bundle: caps<5>)") == 0);
    CHECK_EQ(idl_text_signature(method("AuthorityBroker", "shell_bundle"), sig, 12),
             IDL_TEXT_TRUNCATED);
    CHECK(strcmp(sig, "Authorit...") == 0);
}

static void test_bounded_errors(void) {
    char small[16];
    const idl_method_desc_t *m = method("Clock", "sleep");

    memset(small, 'z', sizeof small);
    CHECK_EQ(idl_text_encode(m, 0, NULL, NULL, NULL, 0, &msg, small, 10), IDL_TEXT_ARG_COUNT);
    CHECK(strcmp(small, "Clock....") == 0);
    CHECK_EQ(small[10], 'z');
    CHECK_EQ(idl_text_encode(m, 0, NULL, NULL, NULL, 0, &msg, small, 3), IDL_TEXT_ARG_COUNT);
    CHECK(strcmp(small, "..") == 0);
    CHECK_EQ(idl_text_encode(m, 0, NULL, NULL, NULL, 0, &msg, NULL, 0), IDL_TEXT_ARG_COUNT);

    /* Malformed descriptors and calls are refused, not followed. */
    idl_field_desc_t bad_field = {"x", IDL_KIND__COUNT, 0};
    idl_method_desc_t bad = *m;
    bad.args = &bad_field;
    CHECK_EQ(ENCODE(&bad, &msg, "1"), IDL_TEXT_BAD_DESC);
    CHECK_EQ(ENCODE(NULL, &msg, "1"), IDL_TEXT_BAD_DESC);
    CHECK_EQ(idl_text_encode(m, 1, NULL, NULL, NULL, 0, &msg, err, sizeof err), IDL_TEXT_BAD_DESC);
    CHECK_EQ(idl_text_encode(m, 1, (char *const[]){NULL}, NULL, NULL, 0, &msg, err, sizeof err),
             IDL_TEXT_BAD_DESC);
    CHECK_HAS(err, "argument 1 is missing");
    CHECK_EQ(idl_text_encode(m, 1, (char *const[]){"1"}, NULL, NULL, 2, &msg, err, sizeof err),
             IDL_TEXT_BAD_DESC);
    idl_field_desc_t two_lists[] = {{"a", IDL_KIND_CAPS, 2}, {"b", IDL_KIND_CAP, 0}};
    bad.args = two_lists;
    bad.nargs = 2;
    CHECK_EQ(ENCODE0(&bad, &msg), IDL_TEXT_BAD_DESC);

    /* A descriptor outside the schema rules cannot overrun the message. */
    idl_field_desc_t huge[] = {{"a", IDL_KIND_BYTES, 4000}, {"b", IDL_KIND_U64, 0}};
    static char big[1100];
    memset(big, 'b', 1020);
    bad.args = huge;
    bad.nargs = 2;
    CHECK_EQ(ENCODE(&bad, &msg, big, "1"), IDL_TEXT_BAD_ARG);
    CHECK_HAS(err, "Clock.sleep: the request does not fit one message (1024 bytes, 8 caps)");
    CHECK_EQ(msg.len, 0);
}

int main(void) {
    test_clock_sleep();
    test_read_line();
    test_write_bytes();
    test_audit_record();
    test_arg_count();
    test_caps();
    test_scalars();
    test_find_method();
    test_bounded_errors();
    return check_summary();
}
