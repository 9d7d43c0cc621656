/* hello: the default system's demonstration service (default.system).
 * Lists its CapSet, calls the echo service moving a console cap along,
 * prints through the console cap echo sends back, then asks init to shut
 * the system down through ShutdownControl. init terminates it while that
 * call is pending, so the lines after it only run if shutdown failed. */
#include "capos/rt.h"
#include "capos/idl/console.h"
#include "capos/idl/shutdown.h"

#define HELLO_LABEL 0x48454c4cull /* "HELL" */

static bool round_trip(void) {
    cap_t mine;
    cap_err_t e = cap_derive(rt_cap("console"), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                             CAP_SCOPE_SAME_SESSION, 0, 0, &mine);
    static ipc_msg_t msg;
    msg = (ipc_msg_t){.label = HELLO_LABEL, .len = 5, .ncaps = 1};
    memcpy(msg.data, "hello", 5);
    msg.caps[0] = (ipc_cap_t){mine, IPC_CAP_MOVE};
    if (e == CAP_OK)
        e = sys_call(rt_cap("echo"), &msg);
    if (e != CAP_OK || msg.label != CAP_OK || msg.ncaps != 1) {
        rt_printf("hello: call to echo failed: %s\n",
                  rt_strerror(e != CAP_OK ? e : (cap_err_t)msg.label));
        return false;
    }
    if (cap_info(mine, &(cap_info_t){0}) != CAP_ERR_STALE_CAP) {
        rt_printf("hello: the moved cap is still usable\n");
        return false;
    }
    const char *text = "hello: printing through the console cap echo sent back\n";
    e = console_write(msg.caps[0].cap, (const uint8_t *)text, (uint32_t)strlen(text));
    (void)cap_release(msg.caps[0].cap);
    return e == CAP_OK;
}

int main(void) {
    const capset_t *cs = rt_capset();
    static char line[256];
    int len = rt_snprintf(line, sizeof line, "hello: my CapSet has %u caps:", cs->count);
    for (uint32_t i = 0; i < cs->count && len < (int)sizeof line; i++)
        len += rt_snprintf(line + len, sizeof line - (size_t)len, " %s", cs->entries[i].name);
    rt_printf("%s\n", line); /* one console write */
    if (!round_trip())
        return 1;
    rt_printf("hello: round trip done, asking init to shut the system down\n");
    cap_err_t e = shutdown_control_shutdown(rt_cap("shutdown"));
    rt_printf("hello: shutdown returned %s\n", rt_strerror(e));
    return e == CAP_OK ? 0 : 1;
}
