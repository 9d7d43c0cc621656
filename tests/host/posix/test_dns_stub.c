/* Host tests of the DNS stub's wire format (lib/posix/dns_stub.h): musl's
 * query shape, answers and refusals, and every malformed query rejected. */
#include "check.h"
#include "dns_stub.h"

/* A query as musl's res_mkquery builds it: id, RD, one question. */
static size_t make_query(uint8_t *q, const char *const *labels, unsigned n, uint16_t type) {
    static const uint8_t head[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    size_t off = sizeof(head);
    memcpy(q, head, off);
    for (unsigned i = 0; i < n; i++) {
        size_t l = strlen(labels[i]);
        q[off++] = (uint8_t)l;
        memcpy(q + off, labels[i], l);
        off += l;
    }
    q[off++] = 0;
    q[off++] = 0, q[off++] = (uint8_t)type;
    q[off++] = 0, q[off++] = 1;
    return off;
}

static void parses_and_answers(void) {
    static const char *const name[] = {"host", "example"};
    uint8_t q[64], out[DNS_MESSAGE_MAX];
    dns_query_t d;
    size_t n = make_query(q, name, 2, DNS_TYPE_A);
    CHECK(dns_query_parse(q, n, &d));
    CHECK(strcmp(d.name, "host.example") == 0);
    CHECK_EQ(d.id, 0x1234);
    CHECK_EQ(d.qtype, DNS_TYPE_A);
    CHECK_EQ(d.question_end, n);
    size_t m = dns_answer_build(q, &d, DNS_RCODE_OK, 0x0a00020f, out, sizeof(out));
    CHECK_EQ(m, n + 16);
    CHECK_EQ(out[0], 0x12);
    CHECK_EQ(out[2], 0x81); /* QR, RD */
    CHECK_EQ(out[3], 0x80); /* RA, NOERROR */
    CHECK_EQ(out[7], 1);    /* one answer */
    static const uint8_t rr[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 2, 15};
    CHECK_MEM(out + n, rr, sizeof(rr));
    CHECK_EQ(dns_answer_build(q, &d, DNS_RCODE_OK, 0x0a00020f, out, n + 15), 0); /* too small */
    m = dns_answer_build(q, &d, DNS_RCODE_NXDOMAIN, 0, out, sizeof(out));
    CHECK_EQ(m, n);
    CHECK_EQ(out[3], 0x83);
    CHECK_EQ(out[7], 0);
    n = make_query(q, name, 2, DNS_TYPE_AAAA); /* no IPv6: NOERROR without answers */
    CHECK(dns_query_parse(q, n, &d));
    CHECK_EQ(dns_answer_build(q, &d, DNS_RCODE_OK, 0x0a00020f, out, sizeof(out)), n);
    CHECK_EQ(out[7], 0);
}

static void rejects_malformed(void) {
    static const char *const name[] = {"a", "b"};
    uint8_t q[600], bad[600];
    dns_query_t d;
    size_t n = make_query(q, name, 2, DNS_TYPE_A);
    for (size_t cut = 0; cut < n; cut++) /* every truncation */
        CHECK(!dns_query_parse(q, cut, &d));
    memcpy(bad, q, n);
    bad[2] |= 0x80; /* a response */
    CHECK(!dns_query_parse(bad, n, &d));
    memcpy(bad, q, n);
    bad[2] |= 0x10; /* opcode 2 */
    CHECK(!dns_query_parse(bad, n, &d));
    memcpy(bad, q, n);
    bad[5] = 2; /* two questions */
    CHECK(!dns_query_parse(bad, n, &d));
    memcpy(bad, q, n);
    bad[12] = 0xc0; /* a compression pointer */
    CHECK(!dns_query_parse(bad, n, &d));
    memcpy(bad, q, n);
    bad[13] = '.'; /* a dot inside a label */
    CHECK(!dns_query_parse(bad, n, &d));
    memcpy(bad, q, n);
    bad[12] = 0; /* the root alone */
    CHECK(!dns_query_parse(bad, n, &d));
    /* a name of 254 bytes (over the limit) and one of 253 (at it) */
    static char l63[64], l61[62];
    memset(l63, 'x', 63), memset(l61, 'y', 61);
    const char *const longest[] = {l63, l63, l63, l61};
    n = make_query(q, longest, 4, DNS_TYPE_A);
    CHECK(dns_query_parse(q, n, &d));
    CHECK_EQ(strlen(d.name), 253);
    static char l62[63];
    memset(l62, 'z', 62);
    const char *const too_long[] = {l63, l63, l63, l62};
    n = make_query(q, too_long, 4, DNS_TYPE_A);
    CHECK(!dns_query_parse(q, n, &d));
    CHECK(!dns_query_parse(q, DNS_MESSAGE_MAX + 1, &d)); /* over a UDP message */
}

int main(void) {
    parses_and_answers();
    rejects_malformed();
    return check_summary();
}
