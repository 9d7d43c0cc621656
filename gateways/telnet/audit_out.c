/* The gateway's audit records: connection, shell launch and disconnect,
 * each with the peer's address and port as its detail. Best effort: an
 * audit service that cannot record does not stop the gateway. */
#include "capos/idl/audit.h"
#include "gateway.h"
#include "peer_text.h"

void gw_audit(const gateway_t *gw, uint32_t kind, uint32_t result, uint64_t subject, uint32_t addr,
              uint32_t port) {
    char detail[GW_PEER_TEXT_MAX];
    if (gw->audit == CAP_NULL)
        return;
    uint32_t n = gw_peer_text(detail, addr, port);
    cap_err_t e = audit_log_record(gw->audit, kind, result, subject, detail, n);
    if (e != CAP_OK)
        rt_printf("telnetd: audit record of kind %u failed: %s\n", kind, rt_strerror(e));
}
