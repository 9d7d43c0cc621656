/* The bounded event ring (see audit_ring.h). */
#include "audit_ring.h"

void audit_ring_init(audit_ring_t *r) {
    __builtin_memset(r, 0, sizeof(*r));
}

bool audit_ring_record(audit_ring_t *r, uint32_t kind, uint32_t result, uint64_t subject,
                       const char *detail, uint32_t detail_len, uint64_t time_ms) {
    if (!audit_kind_valid(kind) || !audit_result_valid(result) ||
        !audit_detail_valid(detail, detail_len))
        return false;
    audit_event_t *ev = &r->ev[r->next_seq % AUDIT_RING_EVENTS];
    *ev = (audit_event_t){
        .seq = r->next_seq,
        .time_ms = time_ms,
        .kind = kind,
        .result = result,
        .subject = subject,
        .detail_len = detail_len,
    };
    __builtin_memcpy(ev->detail, detail, detail_len);
    r->next_seq++;
    return true;
}

uint64_t audit_ring_oldest(const audit_ring_t *r) {
    return r->next_seq > AUDIT_RING_EVENTS ? r->next_seq - AUDIT_RING_EVENTS : 0;
}

uint64_t audit_ring_dropped(const audit_ring_t *r) {
    return audit_ring_oldest(r);
}

bool audit_ring_read(const audit_ring_t *r, uint64_t cursor, uint8_t *out, uint32_t cap,
                     uint32_t *len, uint64_t *next, uint64_t *dropped) {
    if (cursor > r->next_seq)
        return false;
    uint64_t oldest = audit_ring_oldest(r);
    uint64_t seq = cursor > oldest ? cursor : oldest;
    *dropped = seq - cursor;
    uint8_t *p = out, *end = out + cap;
    for (; seq < r->next_seq; seq++)
        if (!audit_event_pack(&r->ev[seq % AUDIT_RING_EVENTS], &p, end))
            break;
    *len = (uint32_t)(p - out);
    *next = seq;
    return true;
}
