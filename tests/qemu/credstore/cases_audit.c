/* qemu_audit_log: the AuditLog service alone, through its two facets. */
#include "audit_event.h"
#include "capos/idl/audit.h"
#include "cases.h"
#include "cs_check.h"

#define FLOOD 300u

unsigned cs_read_audit(cap_t reader, uint64_t *cursor, uint64_t *dropped, bool print) {
    static uint8_t buf[960];
    unsigned n = 0;
    *dropped = 0;
    for (;;) {
        uint64_t next = 0, lost = 0;
        uint32_t len = 0;
        cap_err_t e = log_reader_read(reader, *cursor, &next, &lost, buf, sizeof(buf), &len);
        if (!cs_check(e == CAP_OK, "audit read") || next == *cursor)
            return n;
        *dropped += lost;
        const uint8_t *p = buf;
        audit_event_t ev;
        while (audit_event_unpack(&p, buf + len, &ev)) {
            n++;
            char detail[AUDIT_DETAIL_MAX + 1] = "-"; /* "-": no detail */
            if (ev.detail_len) {
                memcpy(detail, ev.detail, ev.detail_len);
                detail[ev.detail_len] = '\0';
            }
            if (print)
                rt_printf("audit.event: %s %s %s\n", audit_kind_name(ev.kind),
                          audit_result_name(ev.result), detail);
        }
        cs_check(p == buf + len, "audit events decode");
        *cursor = next;
    }
}

cap_err_t cs_cap_flood(cap_t facet, uint64_t label, unsigned n) {
    static ipc_msg_t msg;
    for (unsigned i = 0; i < n; i++) {
        memset(&msg, 0, IPC_MSG_HEADER_BYTES);
        msg.label = label;
        msg.ncaps = 1;
        msg.caps[0] = (ipc_cap_t){rt_cap("console"), IPC_CAP_COPY};
        cap_err_t e = sys_call(facet, &msg);
        if (e == CAP_OK)
            e = (cap_err_t)msg.label;
        if (e != CAP_ERR_BAD_ARGS)
            return e;
    }
    return CAP_ERR_BAD_ARGS;
}

static cap_err_t record(cap_t w, uint32_t kind, uint32_t result, const char *detail) {
    return audit_log_record(w, kind, result, 0, detail, (uint32_t)strlen(detail));
}

static void refusals(const rig_t *r) {
    uint64_t next, dropped;
    uint8_t buf[64];
    uint32_t len;
    cs_expect_err("audit.free_text_detail",
                  record(r->audit_writer, AUDIT_KIND_SETUP, 0, "Password: hunter2"),
                  CAP_ERR_BAD_ARGS);
    cs_expect_err("audit.hex_detail",
                  record(r->audit_writer, AUDIT_KIND_SETUP, 0, "0123456789abcdef0123456789ab"),
                  CAP_ERR_BAD_ARGS);
    cs_expect_err("audit.unknown_kind", record(r->audit_writer, 99, 0, ""), CAP_ERR_BAD_ARGS);
    cs_expect_err("audit.unknown_result", record(r->audit_writer, AUDIT_KIND_SETUP, 9, ""),
                  CAP_ERR_BAD_ARGS);
    cs_expect_err("audit.reader_cannot_record", record(r->audit_reader, AUDIT_KIND_SETUP, 0, ""),
                  CAP_ERR_NO_RIGHTS);
    cs_expect_err(
        "audit.calls_carrying_caps",
        cs_cap_flood(r->audit_writer, IPC_LABEL(AUDIT_LOG_IFACE_ID, AUDIT_LOG_RECORD), 300),
        CAP_ERR_BAD_ARGS);
    cs_expect_err("audit.writer_cannot_read",
                  log_reader_read(r->audit_writer, 0, &next, &dropped, buf, sizeof(buf), &len),
                  CAP_ERR_NO_RIGHTS);
}

static void flood(const rig_t *r, uint64_t cursor) {
    cap_err_t e = CAP_OK;
    for (unsigned i = 0; i < FLOOD && e == CAP_OK; i++)
        e = record(r->audit_writer, AUDIT_KIND_AUTH_FAILED, AUDIT_RESULT_DENIED, "flood");
    cs_expect_err("audit.flood_recorded", e, CAP_OK);
    uint64_t dropped = 0;
    unsigned n = cs_read_audit(r->audit_reader, &cursor, &dropped, false);
    cs_expect_u64("audit.flood_held", n, 256);
    /* everything since the reader's cursor that no longer fits is lost */
    cs_expect_u64("audit.flood_dropped", dropped, FLOOD - 256);
    uint64_t next, lost;
    uint8_t buf[64];
    uint32_t len;
    cs_expect_err(
        "audit.cursor_beyond_head",
        log_reader_read(r->audit_reader, cursor + 1, &next, &lost, buf, sizeof(buf), &len),
        CAP_ERR_BAD_ARGS);
}

int case_audit(void) {
    rig_t r = {0};
    if (!cs_check(rig_start_audit(&r) == CAP_OK, "audit.start"))
        return cs_finish("audit");
    cap_err_t e = CAP_OK;
    for (uint32_t k = 1; k < AUDIT_KIND__END && e == CAP_OK; k++)
        e = record(r.audit_writer, k, k % AUDIT_RESULT__END, "code-word");
    cs_expect_err("audit.record_every_kind", e, CAP_OK);
    refusals(&r);
    uint64_t cursor = 0, dropped = 0;
    unsigned n = cs_read_audit(r.audit_reader, &cursor, &dropped, true);
    cs_expect_u64("audit.events", n, AUDIT_KIND__END - 1);
    cs_expect_u64("audit.dropped", dropped, 0);
    flood(&r, cursor);
    rig_stop(&r);
    return cs_finish("audit");
}
