/* The session-scoped LogReader filter (see log_filter.h). */
#include "log_filter.h"

#include "audit_event.h"

uint32_t log_filter_subject(const uint8_t *in, uint32_t len, uint64_t subject, uint8_t *out) {
    const uint8_t *p = in, *end = in + len;
    uint8_t *o = out;
    audit_event_t ev;
    /* Writing never overtakes reading: each kept event is re-packed into
     * at most the bytes it was read from. */
    while (p < end && audit_event_unpack(&p, end, &ev)) {
        if (ev.subject == subject && !audit_event_pack(&ev, &o, out + len))
            break;
    }
    return (uint32_t)(o - out);
}
