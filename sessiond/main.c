/*
 * sessiond: the SessionManager service (README.md). Glue only: builds its
 * environment from the CapSet, reads the manifest's profiles, guest switch
 * and authorized keys, and serves the facets of its endpoint.
 */
#include "capos/idl/audit.h"
#include "capos/system_image.h"
#include "sessiond.h"

static cap_err_t dispatch(void *ctx, const ipc_recv_info_t *info, const ipc_msg_t *req,
                          ipc_msg_t *rep) {
    cap_err_t e = IPC_LABEL_IFACE(req->label) == SESSION_MANAGER_IFACE_ID
                      ? sessiond_facet_check(info->badge, IPC_LABEL_METHOD(req->label))
                      : CAP_ERR_BAD_METHOD;
    if (e == CAP_OK)
        e = session_manager_dispatch(&sessiond_ops, ctx, req, rep);
    /* logout only borrows the Session it is shown; nothing else takes caps */
    for (uint32_t i = 0; i < req->ncaps && i < IPC_MAX_CAPS; i++)
        (void)cap_release(req->caps[i].cap);
    return e;
}

static bool load_system(sessiond_t *sd) {
    static uint8_t image[SYS_IMAGE_MAX];
    size_t len = 0;
    uint32_t record = 0;
    cap_err_t e = rt_pkg_read(rt_cap("system"), "system", image, sizeof image, &len);
    if (e != CAP_OK) {
        rt_printf("sessiond: cannot read the system manifest: %s\n", rt_strerror(e));
        return false;
    }
    sys_image_err_t ie = system_image_decode(image, len, &sd->sys, &record);
    if (ie != SYS_IMAGE_OK) {
        rt_printf("sessiond: system manifest image: %s (record %u)\n", system_image_strerror(ie),
                  record);
        return false;
    }
    return true;
}

int main(void) {
    static sessiond_t sd;
    sd.server = rt_cap("server");
    sd.creds = rt_cap("creds");
    sd.creds_setup = rt_cap("creds_setup");
    sd.minter = rt_cap("minter");
    sd.broker = rt_cap("broker");
    sd.audit = rt_cap("audit");
    if (sd.server == CAP_NULL || sd.creds == CAP_NULL || sd.minter == CAP_NULL ||
        sd.broker == CAP_NULL) {
        rt_printf("sessiond: needs the caps 'server', 'creds', 'minter' and 'broker'; "
                  "not serving\n");
        return 1;
    }
    if (!load_system(&sd))
        return 1;
    sessiond_table_init(&sd.sessions);
    rt_printf("sessiond: serving (guest %s, setup %s, %u authorized keys)\n",
              sd.sys.guest ? "enabled" : "disabled",
              sd.creds_setup != CAP_NULL ? "available" : "not granted", sd.sys.nauthorized_keys);
    cap_err_t e = rt_serve(sd.server, dispatch, &sd);
    rt_printf("sessiond: receive failed: %s\n", rt_strerror(e));
    return 1;
}
