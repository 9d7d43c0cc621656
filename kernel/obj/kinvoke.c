/* Table dispatch of kernel-object invocations by object type. Types that carry
 * authority over processes and sessions require a live caller session. */
#include "kinvoke.h"

typedef struct {
    kinvoke_fn fn;
    bool needs_live_session;
} ktype_t;

static const ktype_t ktypes[CAP_TYPE__COUNT] = {
    [CAP_TYPE_CONSOLE] = {console_invoke, false},
    [CAP_TYPE_ENTROPY] = {entropy_invoke, false},
    [CAP_TYPE_CLOCK] = {clock_invoke, false},
    [CAP_TYPE_BOOTPACKAGE] = {bootpackage_invoke, false},
    [CAP_TYPE_SPAWNER] = {spawner_invoke, true},
    [CAP_TYPE_PROCESS] = {process_invoke, true},
    [CAP_TYPE_MEMORY] = {memory_invoke, false},
    [CAP_TYPE_SHM] = {shm_invoke, false},
    [CAP_TYPE_NOTIFICATION] = {notification_invoke, false},
    [CAP_TYPE_SESSION_MINTER] = {session_minter_invoke, true},
    [CAP_TYPE_SESSION] = {session_invoke, true},
    [CAP_TYPE_IOPORTS] = {ioports_invoke, false},
    [CAP_TYPE_IRQ_CONTROL] = {irq_control_invoke, false},
    [CAP_TYPE_IRQ] = {irq_invoke, false},
    [CAP_TYPE_PCI_BUS] = {pci_bus_invoke, false},
    [CAP_TYPE_PCI_DEVICE] = {pci_device_invoke, false},
    [CAP_TYPE_INSPECT] = {inspect_invoke, false},
};

cap_err_t kinvoke(proc_t *p, const cap_hold_t *hold, const ipc_msg_t *req, ipc_msg_t *rep) {
    rep->len = 0;
    rep->ncaps = 0;
    if (hold->type >= CAP_TYPE__COUNT || !ktypes[hold->type].fn) {
        rep->label = CAP_ERR_WRONG_TYPE;
        return CAP_ERR_WRONG_TYPE;
    }
    if (!(hold->rights & CAP_RIGHT_CALL)) {
        rep->label = CAP_ERR_NO_RIGHTS;
        return CAP_ERR_NO_RIGHTS;
    }
    if (ktypes[hold->type].needs_live_session && session_is_stale(p->session)) {
        rep->label = CAP_ERR_SESSION_STALE;
        return CAP_ERR_SESSION_STALE;
    }
    kctx_t k = {.proc = p, .hold = *hold, .req = req};
    return ktypes[hold->type].fn(&k, req, rep);
}

cap_err_t kctx_give(kctx_t *k, cap_hold_t hold, cap_t *out) {
    cap_err_t e = cap_insert(k->proc->caps, &hold, out);
    if (e != CAP_OK)
        cap_hold_drop(&hold);
    return e;
}
