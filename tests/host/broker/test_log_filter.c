/* The session-scoped LogReader filter over packed audit events. */
#include <string.h>

#include "audit_event.h"
#include "check.h"
#include "log_filter.h"

static audit_event_t event(uint64_t seq, uint64_t subject, const char *detail) {
    audit_event_t ev = {.seq = seq,
                        .time_ms = 1000 + seq,
                        .kind = AUDIT_KIND_BROKER_DECISION,
                        .result = AUDIT_RESULT_OK,
                        .subject = subject,
                        .detail_len = (uint32_t)strlen(detail)};
    memcpy(ev.detail, detail, ev.detail_len);
    return ev;
}

/* Packs the events into buf; returns the length. */
static uint32_t pack(const audit_event_t *evs, uint32_t n, uint8_t *buf, uint32_t cap) {
    uint8_t *p = buf;
    for (uint32_t i = 0; i < n; i++)
        CHECK(audit_event_pack(&evs[i], &p, buf + cap));
    return (uint32_t)(p - buf);
}

static void test_filter(void) {
    audit_event_t evs[4] = {event(0, 7, "admit"), event(1, 8, "admit"), event(2, 7, "operator"),
                            event(3, 0, "anonymous")};
    uint8_t in[512], out[512], expect[512];
    uint32_t len = pack(evs, 4, in, sizeof in);
    CHECK_EQ(len, 4 * AUDIT_WIRE_FIXED + 5 + 5 + 8 + 9);

    uint32_t n = log_filter_subject(in, len, 7, out);
    CHECK_EQ(n, 2 * AUDIT_WIRE_FIXED + 5 + 8);
    const uint8_t *p = out;
    audit_event_t ev;
    CHECK(audit_event_unpack(&p, out + n, &ev));
    CHECK_EQ(ev.seq, 0);
    CHECK_EQ(ev.subject, 7);
    CHECK_EQ(ev.time_ms, 1000);
    CHECK(ev.detail_len == 5 && memcmp(ev.detail, "admit", 5) == 0);
    CHECK(audit_event_unpack(&p, out + n, &ev));
    CHECK_EQ(ev.seq, 2);
    CHECK(ev.detail_len == 8 && memcmp(ev.detail, "operator", 8) == 0);
    CHECK(p == out + n);
    memcpy(expect, out, n);

    CHECK_EQ(log_filter_subject(in, len, 9, out), 0);
    CHECK_EQ(log_filter_subject(in, len, 0, out), AUDIT_WIRE_FIXED + 9);
    CHECK_EQ(log_filter_subject(in, 0, 7, out), 0);

    /* In place: the same bytes as into another buffer. */
    CHECK_EQ(log_filter_subject(in, len, 7, in), 2 * AUDIT_WIRE_FIXED + 5 + 8);
    CHECK_MEM(in, expect, 2 * AUDIT_WIRE_FIXED + 5 + 8);
}

/* Bytes from another service are not trusted: decoding stops at the first
 * bad event, keeping what matched before it. */
static void test_untrusted(void) {
    audit_event_t evs[3] = {event(0, 7, "a"), event(1, 7, "b"), event(2, 7, "c")};
    uint8_t in[512], out[512];
    uint32_t len = pack(evs, 3, in, sizeof in);
    uint32_t one = AUDIT_WIRE_FIXED + 1;
    CHECK_EQ(log_filter_subject(in, len - 1, 7, out), 2 * one); /* last one truncated */
    in[one + 16] = 0;                                           /* second's kind: 0 */
    CHECK_EQ(log_filter_subject(in, len, 7, out), one);
    in[16] = 0xff; /* first's kind too */
    CHECK_EQ(log_filter_subject(in, len, 7, out), 0);

    len = pack(evs, 1, in, sizeof in);
    in[32] = AUDIT_DETAIL_MAX + 1; /* detail length over the bound */
    CHECK_EQ(log_filter_subject(in, len, 7, out), 0);
    len = pack(evs, 1, in, sizeof in);
    in[AUDIT_WIRE_FIXED] = 'A'; /* not a code word */
    CHECK_EQ(log_filter_subject(in, len, 7, out), 0);
}

int main(void) {
    test_filter();
    test_untrusted();
    return check_summary();
}
