/* Transfer-scope rules: within one session anything transferable moves;
 * across sessions, same_session never moves, service_regrant_only moves only
 * as a grant of a session-bound launcher (the broker path), and
 * cross_session_shareable always moves. Unknown scopes are denied. */
#include "transfer_scope.h"

cap_err_t transfer_scope_check(uint32_t scope, bool same_session, xfer_path_t path) {
    if (scope > CAP_SCOPE_CROSS_SESSION_SHAREABLE)
        return CAP_ERR_SCOPE_DENIED;
    if (same_session)
        return CAP_OK;
    switch (scope) {
    case CAP_SCOPE_CROSS_SESSION_SHAREABLE:
        return CAP_OK;
    case CAP_SCOPE_SERVICE_REGRANT_ONLY:
        return path == XFER_SPAWN_LAUNCHER ? CAP_OK : CAP_ERR_SCOPE_DENIED;
    default:
        return CAP_ERR_SCOPE_DENIED;
    }
}
