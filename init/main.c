/*
 * init: the first ring-3 process. For now it proves the kernel's whole path
 * end to end (see README.md): it spawns a child with an exact grant list,
 * serves one call that moves a capability each way, waits for the child and
 * exits, which halts the system.
 */
#include "capos/rt.h"
#include "capos/idl/console.h"
#include "capos/idl/memory.h"
#include "capos/idl/notification.h"
#include "capos/idl/process.h"

#define HELLO_LABEL 0x48454c4cull /* "HELL" */

static int fail(const char *what, cap_err_t e) {
    rt_printf("init: %s failed: %s\n", what, rt_strerror(e));
    return 1;
}

/* Serve the child's single call: print with the console cap it sent, give it
 * a notification to signal. */
static int serve_child(cap_t server, cap_t notify) {
    static ipc_msg_t msg;
    ipc_recv_info_t info;
    cap_err_t e = sys_recv(server, &msg, &info, 0);
    if (e != CAP_OK)
        return fail("recv", e);
    if (msg.label != HELLO_LABEL || msg.ncaps != 1)
        return fail("child's message shape", CAP_ERR_BAD_ARGS);
    char said[16] = {0};
    memcpy(said, msg.data, msg.len < sizeof(said) - 1 ? msg.len : sizeof(said) - 1);
    rt_printf("init: child says '%s' (badge %lu, caller ref %016lx%016lx)\n", said, info.badge,
              info.caller.ref_hi, info.caller.ref_lo);
    const char *text = "init: writing through the console cap the child sent\n";
    if ((e = console_write(msg.caps[0].cap, (const uint8_t *)text, (uint32_t)strlen(text))) !=
        CAP_OK)
        return fail("write via transferred cap", e);
    ipc_msg_t *rep = &msg;
    rep->label = CAP_OK;
    rep->len = 0;
    rep->ncaps = 1;
    rep->caps[0] = (ipc_cap_t){notify, IPC_CAP_COPY};
    if ((e = sys_reply(info.reply, rep)) != CAP_OK)
        return fail("reply", e);
    return 0;
}

int main(void) {
    rt_printf("init: running as '%s' (tsc=%lu)\n", rt_program(), rt_rdtsc());
    cap_t mem = rt_cap("memory"), spawner = rt_cap("spawner");
    cap_t server, client, notify, child_notify, console_copy, child;
    cap_err_t e = memory_create_endpoint(mem, CAP_SCOPE_SAME_SESSION, 4, &server);
    if (e == CAP_OK)
        e = cap_derive(server, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER, CAP_SCOPE_SAME_SESSION, 0, 7,
                       &client);
    if (e == CAP_OK)
        e = memory_create_notification(mem, CAP_SCOPE_SAME_SESSION, &notify);
    if (e == CAP_OK)
        e = cap_derive(notify, CAP_RIGHT_CALL | CAP_RIGHT_WRITE | CAP_RIGHT_TRANSFER,
                       CAP_SCOPE_SAME_SESSION, 0, 0, &child_notify);
    if (e == CAP_OK)
        e = cap_derive(rt_cap("console"), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER | CAP_RIGHT_DERIVE,
                       CAP_SCOPE_SAME_SESSION, 0, 0, &console_copy);
    if (e != CAP_OK)
        return fail("creating objects", e);
    rt_grant_t grants[] = {
        {"console", console_copy, IPC_CAP_MOVE},
        {"parent", client, IPC_CAP_MOVE},
    };
    if ((e = rt_spawn(spawner, "hello", grants, 2, &child)) != CAP_OK)
        return fail("spawn hello", e);
    rt_printf("init: spawned 'hello' with exactly: console, parent\n");
    if (serve_child(server, child_notify))
        return 1;
    uint64_t bits = 0;
    if ((e = notification_wait(notify, &bits)) != CAP_OK)
        return fail("notification wait", e);
    int64_t code = -1;
    if ((e = process_handle_wait(child, &code)) != CAP_OK)
        return fail("wait", e);
    rt_printf("init: child signalled %lx and exited with %ld\n", bits, code);
    rt_printf("init: all checks passed; exiting (the kernel halts when the last process exits)\n");
    return code == 0 && bits == 0x5 ? 0 : 1;
}
