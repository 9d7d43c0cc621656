/* Host unit tests for the transfer-scope rules (kernel/cap/transfer_scope.c):
 * the full matrix of scope x same/cross session x path. */
#include "../pure/check.h"
#include "cap/transfer_scope.h"

static const xfer_path_t paths[] = {XFER_IPC_CALL, XFER_IPC_REPLY, XFER_SPAWN, XFER_SPAWN_LAUNCHER};

int main(void) {
    for (unsigned i = 0; i < 4; i++) {
        xfer_path_t p = paths[i];
        /* within a session every valid scope moves */
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_SAME_SESSION, true, p), CAP_OK);
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_SERVICE_REGRANT_ONLY, true, p), CAP_OK);
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_CROSS_SESSION_SHAREABLE, true, p), CAP_OK);
        /* across sessions */
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_SAME_SESSION, false, p), CAP_ERR_SCOPE_DENIED);
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_CROSS_SESSION_SHAREABLE, false, p), CAP_OK);
        CHECK_EQ(transfer_scope_check(CAP_SCOPE_SERVICE_REGRANT_ONLY, false, p),
                 p == XFER_SPAWN_LAUNCHER ? CAP_OK : CAP_ERR_SCOPE_DENIED);
        /* unknown scope values fail closed either way */
        CHECK_EQ(transfer_scope_check(3, true, p), CAP_ERR_SCOPE_DENIED);
        CHECK_EQ(transfer_scope_check(0xffffffffu, false, p), CAP_ERR_SCOPE_DENIED);
    }
    return check_summary();
}
