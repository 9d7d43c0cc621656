/* echo: a demonstration service (default.system). Serves its export
 * "echo": prints each call's text with the caller's badge, writes once
 * through a console cap the caller sends along (then drops it), and replies
 * with a narrowed copy of its own console cap. */
#include "capos/rt.h"
#include "capos/idl/console.h"

#define TEXT_MAX 32u

static cap_err_t serve(void *ctx, const ipc_recv_info_t *info, const ipc_msg_t *req,
                       ipc_msg_t *rep) {
    (void)ctx;
    char text[TEXT_MAX + 1] = {0};
    memcpy(text, req->data, req->len < TEXT_MAX ? req->len : TEXT_MAX);
    for (uint32_t i = 0; i < TEXT_MAX && text[i]; i++)
        if (text[i] < 0x20 || text[i] > 0x7e)
            text[i] = '?';
    rt_printf("echo: '%s' from badge %lu\n", text, info->badge);
    if (req->ncaps == 1) {
        const char *line = "echo: writing through the console cap the caller sent\n";
        cap_err_t e =
            console_write(req->caps[0].cap, (const uint8_t *)line, (uint32_t)strlen(line));
        (void)cap_release(req->caps[0].cap);
        if (e != CAP_OK)
            return e;
    }
    cap_t copy;
    cap_err_t e = cap_derive(rt_cap("console"), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                             CAP_SCOPE_SAME_SESSION, 0, 0, &copy);
    if (e != CAP_OK)
        return e;
    rep->ncaps = 1;
    rep->caps[0] = (ipc_cap_t){copy, IPC_CAP_MOVE};
    return CAP_OK;
}

int main(void) {
    cap_err_t e = rt_serve(rt_cap("export:echo"), serve, NULL);
    rt_printf("echo: serving stopped: %s\n", rt_strerror(e));
    return 1;
}
