/* The server loop: receive a call, dispatch it, send the reply. */
#include "capos/rt.h"

cap_err_t rt_serve(cap_t ep, rt_dispatch_fn fn, void *ctx) {
    static ipc_msg_t req, rep;
    for (;;) {
        ipc_recv_info_t info;
        cap_err_t e = sys_recv(ep, &req, &info, 0);
        if (e != CAP_OK)
            return e;
        rep = (ipc_msg_t){0};
        cap_err_t status = fn(ctx, &info, &req, &rep);
        rep.label = status == CAP_ERR_CANCELLED ? CAP_OK : status;
        cap_err_t sent = sys_reply(info.reply, &rep);
        if (sent != CAP_OK && sent != CAP_ERR_BROKEN) {
            /* the reply's caps could not land: tell the caller why instead */
            rep = (ipc_msg_t){.label = sent};
            if (sys_reply(info.reply, &rep) != CAP_OK)
                (void)cap_release(info.reply);
        }
        if (status == CAP_ERR_CANCELLED)
            return CAP_OK;
    }
}
