/* Event rules, names, packing and the facet policy of the audit service. */
#include "audit_event.h"
#include "audit_facet.h"
#include "capos/idl/audit.h"
#include "check.h"

static void test_codes(void) {
    CHECK(!audit_kind_valid(0));
    CHECK(audit_kind_valid(AUDIT_KIND_SETUP));
    CHECK(audit_kind_valid(AUDIT_KIND_SHUTDOWN));
    CHECK(!audit_kind_valid(AUDIT_KIND__END));
    CHECK(!audit_kind_valid(0xffffffffu));
    CHECK(audit_result_valid(AUDIT_RESULT_OK));
    CHECK(audit_result_valid(AUDIT_RESULT_FAILED));
    CHECK(!audit_result_valid(AUDIT_RESULT__END));
    CHECK(!strcmp(audit_kind_name(AUDIT_KIND_AUTH_FAILED), "auth_failed"));
    CHECK(!strcmp(audit_kind_name(AUDIT_KIND_CREDENTIAL_CREATED), "credential_created"));
    CHECK(!strcmp(audit_kind_name(99), "?"));
    CHECK(!strcmp(audit_result_name(AUDIT_RESULT_DENIED), "denied"));
    CHECK(!strcmp(audit_result_name(7), "?"));
    for (uint32_t k = 1; k < AUDIT_KIND__END; k++)
        CHECK(strcmp(audit_kind_name(k), "?") != 0);
}

static bool detail_ok(const char *s) {
    return audit_detail_valid(s, (uint32_t)strlen(s));
}

static void test_detail_rules(void) {
    CHECK(detail_ok(""));
    CHECK(detail_ok("volatile"));
    CHECK(detail_ok("token_issued"));
    CHECK(detail_ok("no-entropy-2"));
    CHECK(detail_ok("abcdefghijklmnopqrstuvwx")); /* exactly 24 */
    CHECK(detail_ok("10.0.2.2:40022"));           /* a gateway's peer */
    CHECK(detail_ok("255.255.255.255:65535"));
    CHECK(!detail_ok("abcdefghijklmnopqrstuvwxy"));
    CHECK(!detail_ok("Volatile"));
    CHECK(!detail_ok("two words"));
    CHECK(!detail_ok("pass=hunter2"));
    CHECK(!detail_ok("$argon2id$v=19"));
    CHECK(!detail_ok("line\n"));
    CHECK(!detail_ok("a/b+c"));
    /* a 32-byte token in hex (64 chars) can never pass */
    CHECK(!detail_ok("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
    CHECK(!audit_detail_valid("ok\0", 3));
}

static audit_event_t sample(uint64_t seq, const char *detail) {
    audit_event_t ev = {.seq = seq,
                        .time_ms = 123456789012ull,
                        .kind = AUDIT_KIND_AUTH_OK,
                        .result = AUDIT_RESULT_OK,
                        .subject = 0x0102030405060708ull,
                        .detail_len = (uint32_t)strlen(detail)};
    memcpy(ev.detail, detail, ev.detail_len);
    return ev;
}

static void test_pack_roundtrip(void) {
    uint8_t buf[2 * AUDIT_WIRE_MAX];
    uint8_t *p = buf;
    audit_event_t a = sample(7, "volatile"), b = sample(8, "");
    CHECK(audit_event_pack(&a, &p, buf + sizeof buf));
    CHECK(audit_event_pack(&b, &p, buf + sizeof buf));
    CHECK_EQ(p - buf, 2 * AUDIT_WIRE_FIXED + 8);
    CHECK_EQ(buf[0], 7);     /* little-endian seq */
    CHECK_EQ(buf[24], 0x08); /* subject low byte */
    CHECK_EQ(buf[32], 8);    /* detail length */
    const uint8_t *q = buf;
    audit_event_t got;
    CHECK(audit_event_unpack(&q, p, &got));
    CHECK_EQ(got.seq, 7);
    CHECK_EQ(got.time_ms, 123456789012ull);
    CHECK_EQ(got.kind, AUDIT_KIND_AUTH_OK);
    CHECK_EQ(got.subject, 0x0102030405060708ull);
    CHECK(got.detail_len == 8 && !memcmp(got.detail, "volatile", 8));
    CHECK(audit_event_unpack(&q, p, &got));
    CHECK_EQ(got.seq, 8);
    CHECK_EQ(got.detail_len, 0);
    CHECK(q == p);
    CHECK(!audit_event_unpack(&q, p, &got)); /* nothing left */
}

static void test_pack_bounds(void) {
    uint8_t buf[AUDIT_WIRE_MAX];
    audit_event_t a = sample(1, "volatile");
    uint8_t *p = buf;
    CHECK(!audit_event_pack(&a, &p, buf + AUDIT_WIRE_FIXED + 7)); /* one byte short */
    CHECK(p == buf);
    a.detail_len = AUDIT_DETAIL_MAX + 1;
    CHECK(!audit_event_pack(&a, &p, buf + sizeof buf));
}

static void test_unpack_hostile(void) {
    uint8_t buf[AUDIT_WIRE_MAX];
    audit_event_t a = sample(1, "volatile"), got;
    uint8_t *p = buf;
    CHECK(audit_event_pack(&a, &p, buf + sizeof buf));
    const uint8_t *q = buf;
    CHECK(!audit_event_unpack(&q, p - 1, &got));    /* truncated detail */
    CHECK(!audit_event_unpack(&q, buf + 10, &got)); /* truncated header */
    CHECK(q == buf);
    buf[32] = AUDIT_DETAIL_MAX + 1; /* detail length over the bound */
    CHECK(!audit_event_unpack(&q, buf + sizeof buf, &got));
    buf[32] = 8;
    buf[AUDIT_WIRE_FIXED] = 'X'; /* detail outside [a-z0-9_-] */
    CHECK(!audit_event_unpack(&q, p, &got));
    buf[AUDIT_WIRE_FIXED] = 'v';
    buf[16] = 0; /* kind 0 */
    CHECK(!audit_event_unpack(&q, p, &got));
    buf[16] = AUDIT_KIND_AUTH_OK;
    buf[20] = 9; /* unknown result */
    CHECK(!audit_event_unpack(&q, p, &got));
    buf[20] = 0;
    CHECK(audit_event_unpack(&q, p, &got));
}

static void test_facets(void) {
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_WRITER, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0)), CAP_OK);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_READER, IPC_LABEL(LOG_READER_IFACE_ID, 0)), CAP_OK);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_READER, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0)),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_WRITER, IPC_LABEL(LOG_READER_IFACE_ID, 0)),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(audit_facet_check(CAP_BADGE_NONE, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0)),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(audit_facet_check(3, IPC_LABEL(LOG_READER_IFACE_ID, 0)), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_WRITER, IPC_LABEL(4, 0)), CAP_ERR_BAD_METHOD);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_WRITER, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0) | (1ull << 48)),
             CAP_ERR_BAD_METHOD);
    CHECK_EQ(audit_facet_check(AUDIT_BADGE_READER, IPC_LABEL_NOTIFY), CAP_ERR_BAD_METHOD);
}

int main(void) {
    test_codes();
    test_detail_rules();
    test_pack_roundtrip();
    test_pack_bounds();
    test_unpack_hostile();
    test_facets();
    return check_summary();
}
