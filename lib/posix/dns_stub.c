/* The DNS stub's wire format (contract in dns_stub.h). */
#include "dns_stub.h"

#include <string.h>

#define FLAG_QR 0x8000u
#define FLAG_OPCODE 0x7800u
#define FLAG_RD 0x0100u
#define FLAG_RA 0x0080u

static uint16_t get16(const uint8_t *p) {
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* The labels from off into q->name; the offset past the root label, or 0. */
static size_t parse_name(const uint8_t *msg, size_t len, size_t off, dns_query_t *q) {
    size_t n = 0;
    for (unsigned labels = 0; labels < 128 && off < len; labels++) {
        uint8_t l = msg[off++];
        if (l == 0)
            return n > 0 ? (q->name[n] = '\0', off) : 0;
        if (l > 63 || l > len - off || n + (n > 0) + l > DNS_NAME_MAX)
            return 0; /* compression pointers, oversized labels, a cut message */
        if (n > 0)
            q->name[n++] = '.';
        for (uint8_t i = 0; i < l; i++) {
            uint8_t c = msg[off++];
            if (c <= ' ' || c >= 0x7f || c == '.')
                return 0;
            q->name[n++] = (char)c;
        }
    }
    return 0;
}

bool dns_query_parse(const uint8_t *msg, size_t len, dns_query_t *q) {
    memset(q, 0, sizeof(*q));
    if (len < DNS_HEADER_BYTES || len > DNS_MESSAGE_MAX)
        return false;
    uint16_t flags = get16(msg + 2);
    if ((flags & (FLAG_QR | FLAG_OPCODE)) || get16(msg + 4) != 1 || get16(msg + 6) != 0 ||
        get16(msg + 8) != 0)
        return false;
    size_t off = parse_name(msg, len, DNS_HEADER_BYTES, q);
    if (off == 0 || len - off < 4)
        return false;
    q->id = get16(msg);
    q->qtype = get16(msg + off);
    q->qclass = get16(msg + off + 2);
    q->question_end = off + 4;
    return true;
}

size_t dns_answer_build(const uint8_t *msg, const dns_query_t *q, uint32_t rcode, uint32_t addr,
                        uint8_t *out, size_t cap) {
    bool answer =
        rcode == DNS_RCODE_OK && q->qtype == DNS_TYPE_A && q->qclass == DNS_CLASS_IN && addr != 0;
    size_t need = q->question_end + (answer ? 16u : 0u);
    if (need > cap || q->question_end < DNS_HEADER_BYTES)
        return 0;
    memcpy(out, msg, q->question_end);
    put16(out + 2, FLAG_QR | (get16(msg + 2) & FLAG_RD) | FLAG_RA | (rcode & 0xfu));
    put16(out + 6, answer ? 1u : 0u);
    put16(out + 8, 0);
    put16(out + 10, 0);
    if (!answer)
        return need;
    uint8_t *rr = out + q->question_end;
    put16(rr, 0xc000u | DNS_HEADER_BYTES); /* the name: a pointer to the question's */
    put16(rr + 2, DNS_TYPE_A);
    put16(rr + 4, DNS_CLASS_IN);
    put16(rr + 6, 0);
    put16(rr + 8, DNS_ANSWER_TTL);
    put16(rr + 10, 4);
    put16(rr + 12, addr >> 16);
    put16(rr + 14, addr & 0xffffu);
    return need;
}
