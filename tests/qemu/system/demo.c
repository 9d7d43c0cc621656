/*
 * demo: the small service of the system-manifest scenarios. One ELF packed
 * under several names; what it does follows from its CapSet:
 *   - every endpoint it holds that is not "export:*" or "shutdown" is a
 *     peer: it pings each once and prints the answer;
 *   - holding "shutdown", it first sends init an unknown ShutdownControl
 *     method with a capability attached (init must refuse it and carry on),
 *     then calls ShutdownControl.shutdown once every peer answered (and is
 *     terminated by init while that call is pending);
 *   - holding "export:ping", it answers pings forever with its name and the
 *     badge the caller came with;
 *   - every PciDevice it holds (a pci: grant) it names by its vendor:device
 *     and claims its interrupt;
 *   - with neither, it exits 0 after the pings.
 * Started as "demo-exit3" it exits with code 3 at once (a service that dies
 * early).
 */
#include "capos/rt.h"
#include "capos/idl/pci.h"
#include "capos/idl/shutdown.h"

#define PING_LABEL 0x50494e47ull /* "PING" */
#define ANSWER_MAX 64u

static bool starts_with(const char *s, const char *prefix) {
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

/* Pings one peer; false when it did not answer. */
static bool ping(const capset_entry_t *peer) {
    static ipc_msg_t msg;
    msg = (ipc_msg_t){.label = PING_LABEL};
    cap_err_t e = sys_call(peer->cap, &msg);
    if (e == CAP_OK)
        e = (cap_err_t)msg.label;
    if (e != CAP_OK) {
        rt_printf("%s: peer '%s' failed: %s\n", rt_program(), peer->name, rt_strerror(e));
        return false;
    }
    char answer[ANSWER_MAX + 1] = {0};
    memcpy(answer, msg.data, msg.len < ANSWER_MAX ? msg.len : ANSWER_MAX);
    rt_printf("%s: peer '%s' answered '%s'\n", rt_program(), peer->name, answer);
    return true;
}

/* Pings every peer; true when all answered. */
static bool ping_peers(void) {
    const capset_t *cs = rt_capset();
    bool all = true;
    for (uint32_t i = 0; i < cs->count; i++) {
        const capset_entry_t *c = &cs->entries[i];
        if (c->type == CAP_TYPE_ENDPOINT && !starts_with(c->name, "export:") &&
            strcmp(c->name, "shutdown") != 0)
            all = ping(c) && all;
    }
    return all;
}

/* Names every granted PciDevice and claims its interrupt. */
static void show_devices(void) {
    const capset_t *cs = rt_capset();
    for (uint32_t i = 0; i < cs->count; i++) {
        const capset_entry_t *c = &cs->entries[i];
        uint32_t id = 0;
        cap_t irq = CAP_NULL;
        if (c->type != CAP_TYPE_PCI_DEVICE)
            continue;
        cap_err_t e = pci_device_config_read(c->cap, 0, &id);
        cap_err_t claimed = e == CAP_OK ? pci_device_irq(c->cap, &irq) : e;
        rt_printf("%s: device '%s' is %04x:%04x, its interrupt: %s\n", rt_program(), c->name,
                  id & 0xffffu, id >> 16, rt_strerror(claimed));
    }
}

/* An unknown ShutdownControl method carrying a console cap: BAD_METHOD. */
static void misuse_shutdown(cap_t shutdown) {
    static ipc_msg_t msg;
    msg = (ipc_msg_t){.label = IPC_LABEL(SHUTDOWN_CONTROL_IFACE_ID, 7), .ncaps = 1};
    msg.caps[0] = (ipc_cap_t){rt_cap("console"), IPC_CAP_COPY};
    cap_err_t e = sys_call(shutdown, &msg);
    rt_printf("%s: unknown ShutdownControl method: %s\n", rt_program(),
              rt_strerror(e != CAP_OK ? e : (cap_err_t)msg.label));
}

static cap_err_t answer(void *ctx, const ipc_recv_info_t *info, const ipc_msg_t *req,
                        ipc_msg_t *rep) {
    (void)ctx;
    if (req->label != PING_LABEL)
        return CAP_ERR_BAD_METHOD;
    rep->len = (uint32_t)rt_snprintf((char *)rep->data, ANSWER_MAX, "%s saw badge %lu",
                                     rt_program(), info->badge);
    if (rep->len >= ANSWER_MAX)
        rep->len = ANSWER_MAX - 1;
    return CAP_OK;
}

int main(void) {
    const capset_t *cs = rt_capset();
    rt_printf("%s: running with %u caps\n", rt_program(), cs->count);
    if (!strcmp(rt_program(), "demo-exit3"))
        return 3;
    show_devices();
    bool all = ping_peers();
    if (rt_cap("shutdown") != CAP_NULL) {
        if (!all)
            return 2;
        misuse_shutdown(rt_cap("shutdown"));
        rt_printf("%s: every peer answered, calling shutdown\n", rt_program());
        cap_err_t e = shutdown_control_shutdown(rt_cap("shutdown"));
        rt_printf("%s: shutdown returned %s\n", rt_program(), rt_strerror(e));
        return 1;
    }
    if (rt_cap("export:ping") != CAP_NULL) {
        cap_err_t e = rt_serve(rt_cap("export:ping"), answer, NULL);
        rt_printf("%s: serving stopped: %s\n", rt_program(), rt_strerror(e));
        return 1;
    }
    return 0;
}
