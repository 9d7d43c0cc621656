/* Call routing by badge and label (see facet_route.h). */
#include "facet_route.h"

#include "capos/idl/audit.h"
#include "capos/idl/broker.h"
#include "capos/idl/shutdown.h"
#include "capos/idl/spawner.h"
#include "capos/idl/system_status.h"

/* The interface each issued kind serves. */
static const uint64_t kind_iface[FACET__END] = {
    [FACET_LAUNCHER] = PROCESS_SPAWNER_IFACE_ID, [FACET_SHUTDOWN] = SHUTDOWN_CONTROL_IFACE_ID,
    [FACET_STATUS] = SYSTEM_STATUS_IFACE_ID,     [FACET_LOGS] = LOG_READER_IFACE_ID,
    [FACET_SELF] = SESSION_SELF_IFACE_ID,
};

static bool served(uint64_t iface) {
    if (iface == AUTHORITY_BROKER_IFACE_ID)
        return true;
    for (uint32_t k = FACET_LAUNCHER; k < FACET__END; k++)
        if (kind_iface[k] == iface)
            return true;
    return false;
}

/* AuthorityBroker methods of an init-granted facet. */
static cap_err_t broker_method(uint64_t label, uint32_t first, uint32_t second) {
    uint64_t method = label & 0xffffu;
    if ((label >> 16) != AUTHORITY_BROKER_IFACE_ID)
        return CAP_ERR_NO_RIGHTS;
    if (method > AUTHORITY_BROKER_ANONYMOUS_BUNDLE)
        return CAP_ERR_BAD_METHOD;
    return method == first || method == second ? CAP_OK : CAP_ERR_NO_RIGHTS;
}

cap_err_t facet_route(uint64_t badge, uint64_t label, facet_route_t *route, facet_badge_t *facet) {
    if (!served(label >> 16))
        return CAP_ERR_BAD_METHOD;
    if (badge == BROKER_BADGE_SHELL) {
        *route = ROUTE_SHELL;
        return broker_method(label, AUTHORITY_BROKER_SHELL_BUNDLE,
                             AUTHORITY_BROKER_ANONYMOUS_BUNDLE);
    }
    if (badge == BROKER_BADGE_SESSIOND) {
        *route = ROUTE_SESSIOND;
        return broker_method(label, AUTHORITY_BROKER_ADMIT, AUTHORITY_BROKER_RETIRE);
    }
    if (!facet_badge_decode(badge, facet))
        return CAP_ERR_NO_RIGHTS;
    *route = ROUTE_ISSUED;
    return CAP_OK;
}

cap_err_t facet_route_iface(facet_kind_t kind, uint64_t label) {
    if (!served(label >> 16))
        return CAP_ERR_BAD_METHOD;
    if (!facet_kind_valid(kind) || (label >> 16) != kind_iface[kind])
        return CAP_ERR_NO_RIGHTS;
    /* A launcher cannot be rebound: bind_session is the spawner's, not ours. */
    if (kind == FACET_LAUNCHER && (label & 0xffffu) == PROCESS_SPAWNER_BIND_SESSION)
        return CAP_ERR_NO_RIGHTS;
    return CAP_OK;
}
