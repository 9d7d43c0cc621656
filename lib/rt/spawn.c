/* Spawning a boot-package binary with a named, exact list of grants. */
#include "capos/rt.h"
#include "capos/idl/spawner.h"

cap_err_t rt_spawn(cap_t spawner, const char *binary, const rt_grant_t *grants, uint32_t n,
                   cap_t *process) {
    uint8_t names[512];
    ipc_cap_t caps[IPC_MAX_CAPS];
    uint32_t len = 0;
    if (n > IPC_MAX_CAPS)
        return CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; i < n; i++) {
        size_t l = strlen(grants[i].name);
        if (l + 1 > sizeof(names) - len)
            return CAP_ERR_BAD_ARGS;
        memcpy(names + len, grants[i].name, l + 1);
        len += (uint32_t)l + 1;
        caps[i] = (ipc_cap_t){grants[i].cap, grants[i].mode};
    }
    return process_spawner_spawn(spawner, binary, (uint32_t)strlen(binary), names, len, caps, n,
                                 process);
}
