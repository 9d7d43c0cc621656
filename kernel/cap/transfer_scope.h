/* Transfer-scope rules (pure logic; unit tested on the host). */
#ifndef KERNEL_TRANSFER_SCOPE_H
#define KERNEL_TRANSFER_SCOPE_H

#include <stdbool.h>
#include "capos/abi.h"

/* The ways a hold can move from one process to another. */
typedef enum {
    XFER_IPC_CALL,       /* caps in a call, delivered to the server */
    XFER_IPC_REPLY,      /* caps in a reply, delivered to the caller */
    XFER_SPAWN,          /* grants through a plain spawner (child inherits) */
    XFER_SPAWN_LAUNCHER, /* grants through a launcher bound to a session */
} xfer_path_t;

/* Must also hold CAP_RIGHT_TRANSFER; checked separately. */
cap_err_t transfer_scope_check(uint32_t scope, bool same_session, xfer_path_t path)
    __attribute__((warn_unused_result));

#endif
