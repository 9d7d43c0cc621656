/* The bounded audit ring: recording rules, flood behaviour, cursors. */
#include "audit_ring.h"
#include "check.h"

static audit_ring_t ring;

static bool rec(uint32_t kind, uint32_t result, uint64_t subject, const char *detail) {
    return audit_ring_record(&ring, kind, result, subject, detail, (uint32_t)strlen(detail),
                             1000 + subject);
}

/* Unpacks every event of a read into evs; their count. */
static unsigned unpack_all(const uint8_t *buf, uint32_t len, audit_event_t *evs, unsigned cap) {
    const uint8_t *p = buf;
    unsigned n = 0;
    while (n < cap && audit_event_unpack(&p, buf + len, &evs[n]))
        n++;
    CHECK(p == buf + len); /* every byte belongs to a whole event */
    return n;
}

static void test_empty(void) {
    audit_ring_init(&ring);
    uint8_t buf[960];
    uint32_t len = 99;
    uint64_t next = 99, dropped = 99;
    CHECK(audit_ring_read(&ring, 0, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(len, 0);
    CHECK_EQ(next, 0);
    CHECK_EQ(dropped, 0);
    CHECK(!audit_ring_read(&ring, 1, buf, sizeof buf, &len, &next, &dropped));
}

static void test_bad_records_rejected(void) {
    audit_ring_init(&ring);
    CHECK(!rec(0, 0, 1, ""));
    CHECK(!rec(AUDIT_KIND__END, 0, 1, ""));
    CHECK(!rec(AUDIT_KIND_SETUP, AUDIT_RESULT__END, 1, ""));
    CHECK(!rec(AUDIT_KIND_SETUP, 0, 1, "has space"));
    CHECK(!rec(AUDIT_KIND_SETUP, 0, 1, "password=secret"));
    CHECK(!rec(AUDIT_KIND_SETUP, 0, 1, "0123456789abcdef0123456789abcdef"));
    CHECK_EQ(ring.next_seq, 0); /* nothing recorded, no seq used */
    CHECK(rec(AUDIT_KIND_SETUP, AUDIT_RESULT_OK, 1, "token_issued"));
    CHECK_EQ(ring.next_seq, 1);
}

static void test_cursor_semantics(void) {
    audit_ring_init(&ring);
    for (uint64_t i = 0; i < 5; i++)
        CHECK(rec(AUDIT_KIND_AUTH_FAILED + (uint32_t)(i % 2), (uint32_t)(i % 2), i, "x"));
    uint8_t buf[960];
    audit_event_t evs[40];
    uint32_t len;
    uint64_t next, dropped;
    CHECK(audit_ring_read(&ring, 0, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(unpack_all(buf, len, evs, 40), 5);
    CHECK_EQ(next, 5);
    CHECK_EQ(dropped, 0);
    CHECK_EQ(evs[3].seq, 3);
    CHECK_EQ(evs[3].kind, AUDIT_KIND_AUTH_OK);
    CHECK_EQ(evs[3].time_ms, 1003);
    /* from a cursor in the middle: only the later events */
    CHECK(audit_ring_read(&ring, 3, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(unpack_all(buf, len, evs, 40), 2);
    CHECK_EQ(evs[0].seq, 3);
    /* at the head: nothing, next stays */
    CHECK(audit_ring_read(&ring, 5, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(len, 0);
    CHECK_EQ(next, 5);
    /* beyond the head: refused, outputs untouched */
    next = 77;
    CHECK(!audit_ring_read(&ring, 6, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(next, 77);
}

static void test_partial_reads_progress(void) {
    audit_ring_init(&ring);
    for (uint64_t i = 0; i < 10; i++)
        CHECK(rec(AUDIT_KIND_SESSION_CREATED, 0, i, "volatile")); /* 41 bytes each */
    uint8_t buf[100];
    audit_event_t evs[4];
    uint32_t len;
    uint64_t cursor = 0, dropped;
    unsigned reads = 0, total = 0;
    while (cursor < 10 && reads < 20) {
        uint64_t next;
        CHECK(audit_ring_read(&ring, cursor, buf, sizeof buf, &len, &next, &dropped));
        unsigned n = unpack_all(buf, len, evs, 4);
        CHECK_EQ(n, next - cursor);
        CHECK(n == 2 || (n == 0 && next == 10));
        total += n;
        cursor = next;
        reads++;
    }
    CHECK_EQ(total, 10);
    CHECK_EQ(reads, 5);
    /* a buffer too small for one event makes no progress (documented) */
    uint64_t next;
    CHECK(audit_ring_read(&ring, 0, buf, AUDIT_WIRE_FIXED, &len, &next, &dropped));
    CHECK_EQ(len, 0);
    CHECK_EQ(next, 0);
}

static void test_flood_drops_oldest(void) {
    audit_ring_init(&ring);
    const uint64_t flood = 3 * AUDIT_RING_EVENTS + 17;
    for (uint64_t i = 0; i < flood; i++)
        CHECK(rec(AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, i, ""));
    CHECK_EQ(audit_ring_dropped(&ring), flood - AUDIT_RING_EVENTS);
    CHECK_EQ(audit_ring_oldest(&ring), flood - AUDIT_RING_EVENTS);
    uint8_t buf[960];
    audit_event_t evs[40];
    uint32_t len;
    uint64_t next, dropped;
    CHECK(audit_ring_read(&ring, 0, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(dropped, flood - AUDIT_RING_EVENTS);
    unsigned n = unpack_all(buf, len, evs, 40);
    CHECK_EQ(n, 960 / AUDIT_WIRE_FIXED);
    CHECK_EQ(evs[0].seq, flood - AUDIT_RING_EVENTS); /* the oldest still held */
    CHECK_EQ(evs[0].subject, flood - AUDIT_RING_EVENTS);
    /* a reader already past the lost events sees no drops */
    CHECK(audit_ring_read(&ring, flood - 5, buf, sizeof buf, &len, &next, &dropped));
    CHECK_EQ(dropped, 0);
    CHECK_EQ(next, flood);
    /* a reader in the middle of the lost range sees only its share */
    CHECK(audit_ring_read(&ring, flood - AUDIT_RING_EVENTS - 10, buf, sizeof buf, &len, &next,
                          &dropped));
    CHECK_EQ(dropped, 10);
}

int main(void) {
    test_empty();
    test_bad_records_rejected();
    test_cursor_semantics();
    test_partial_reads_progress();
    test_flood_drops_oldest();
    return check_summary();
}
