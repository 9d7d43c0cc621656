/* A connection's shell through the broker's launcher (shell_launch.h). */
#include "shell_launch.h"

#include <string.h>

#include "capos/idl/broker.h"

#define GW_SHELL_BINARY "shell"
#define GW_BUNDLE_MAX 5u

/* The session's shell bundle: its caps with their CapSet names (pointing
 * into names), and which of them is the launcher. */
typedef struct {
    uint8_t names[128];
    cap_t caps[GW_BUNDLE_MAX];
    const char *name[GW_BUNDLE_MAX];
    uint32_t count;
    int32_t launcher;
} gw_bundle_t;

static void bundle_release(gw_bundle_t *b) {
    for (uint32_t i = 0; i < b->count; i++)
        rt_ignore(cap_release(b->caps[i]));
    b->count = 0;
}

static cap_err_t bundle_take(cap_t broker, cap_t session, gw_bundle_t *b) {
    char profile[33];
    uint32_t profile_len = 0, names_len = 0, off = 0;
    *b = (gw_bundle_t){.launcher = -1};
    cap_err_t e = authority_broker_shell_bundle(broker, session, profile, sizeof profile - 1,
                                                &profile_len, b->names, sizeof b->names - 1,
                                                &names_len, b->caps, GW_BUNDLE_MAX, &b->count);
    if (e != CAP_OK)
        return e;
    b->names[names_len] = 0;
    for (uint32_t i = 0; i < b->count; i++) {
        b->name[i] = off < names_len ? (const char *)b->names + off : "";
        off += (uint32_t)strlen(b->name[i]) + 1;
        if (b->launcher < 0 && !strcmp(b->name[i], "launcher"))
            b->launcher = (int32_t)i;
    }
    if (b->launcher >= 0)
        return CAP_OK;
    bundle_release(b);
    return CAP_ERR_DENIED;
}

cap_err_t gw_shell_launch(cap_t broker, cap_t session, cap_t *terminal, cap_t *process) {
    gw_bundle_t b;
    cap_err_t e = bundle_take(broker, session, &b);
    if (e != CAP_OK)
        return e;
    rt_grant_t grants[2 + GW_BUNDLE_MAX] = {
        {"terminal", *terminal, IPC_CAP_MOVE},
        {"session", session, IPC_CAP_COPY},
    };
    uint32_t n = 2;
    for (uint32_t i = 0; i < b.count; i++)
        grants[n++] = (rt_grant_t){b.name[i], b.caps[i], IPC_CAP_COPY};
    e = rt_spawn(b.caps[b.launcher], GW_SHELL_BINARY, grants, n, process);
    bundle_release(&b);
    if (e == CAP_OK)
        *terminal = CAP_NULL; /* moved to the shell */
    return e;
}
