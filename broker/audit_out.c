/* The broker's audit records (kinds and code words: README.md). Best
 * effort: an audit service that cannot record does not stop the broker. */
#include "broker.h"
#include "capos/idl/audit.h"

void broker_audit(const broker_t *b, uint32_t kind, uint32_t result, uint64_t subject,
                  const char *detail) {
    if (b->audit == CAP_NULL)
        return;
    cap_err_t e =
        audit_log_record(b->audit, kind, result, subject, detail, (uint32_t)strlen(detail));
    if (e != CAP_OK)
        rt_printf("broker: audit record of kind %u failed: %s\n", kind, rt_strerror(e));
}
