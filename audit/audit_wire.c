/* The packed form of events that LogReader.read returns (see audit_event.h). */
#include "audit_event.h"

#include "capos/byteorder.h"

size_t audit_event_wire_size(const audit_event_t *ev) {
    return AUDIT_WIRE_FIXED + ev->detail_len;
}

bool audit_event_pack(const audit_event_t *ev, uint8_t **p, uint8_t *end) {
    uint8_t *o = *p;
    if (ev->detail_len > AUDIT_DETAIL_MAX || (size_t)(end - o) < audit_event_wire_size(ev))
        return false;
    store_le64(o, ev->seq);
    store_le64(o + 8, ev->time_ms);
    store_le32(o + 16, ev->kind);
    store_le32(o + 20, ev->result);
    store_le64(o + 24, ev->subject);
    o[32] = (uint8_t)ev->detail_len;
    __builtin_memcpy(o + AUDIT_WIRE_FIXED, ev->detail, ev->detail_len);
    *p = o + audit_event_wire_size(ev);
    return true;
}

bool audit_event_unpack(const uint8_t **p, const uint8_t *end, audit_event_t *ev) {
    const uint8_t *i = *p;
    if ((size_t)(end - i) < AUDIT_WIRE_FIXED)
        return false;
    uint32_t detail_len = i[32];
    if (detail_len > AUDIT_DETAIL_MAX || (size_t)(end - i) < AUDIT_WIRE_FIXED + detail_len)
        return false;
    audit_event_t e = {
        .seq = load_le64(i),
        .time_ms = load_le64(i + 8),
        .kind = load_le32(i + 16),
        .result = load_le32(i + 20),
        .subject = load_le64(i + 24),
        .detail_len = detail_len,
    };
    __builtin_memcpy(e.detail, i + AUDIT_WIRE_FIXED, detail_len);
    if (!audit_kind_valid(e.kind) || !audit_result_valid(e.result) ||
        !audit_detail_valid(e.detail, detail_len))
        return false;
    *ev = e;
    *p = i + AUDIT_WIRE_FIXED + detail_len;
    return true;
}
