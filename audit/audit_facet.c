/* Facet policy of the audit endpoint (see audit_facet.h). */
#include "audit_facet.h"

#include "audit_event.h"
#include "capos/idl/audit.h"

cap_err_t audit_facet_check(uint64_t badge, uint64_t label) {
    uint64_t iface = label >> 16;
    if (iface == AUDIT_LOG_IFACE_ID)
        return badge == AUDIT_BADGE_WRITER ? CAP_OK : CAP_ERR_NO_RIGHTS;
    if (iface == LOG_READER_IFACE_ID)
        return badge == AUDIT_BADGE_READER ? CAP_OK : CAP_ERR_NO_RIGHTS;
    return CAP_ERR_BAD_METHOD;
}
