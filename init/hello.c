/* hello: init's first child. Lists its CapSet, calls init through "parent"
 * moving a console cap along, and signals the notification it gets back. */
#include "capos/rt.h"
#include "capos/idl/notification.h"

#define HELLO_LABEL 0x48454c4cull

int main(void) {
    const capset_t *cs = rt_capset();
    rt_printf("hello: my CapSet has %u caps:", cs->count);
    for (uint32_t i = 0; i < cs->count; i++)
        rt_printf(" %s", cs->entries[i].name);
    rt_printf("\n");
    cap_t mine;
    cap_err_t e = cap_derive(rt_cap("console"), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                             CAP_SCOPE_SAME_SESSION, 0, 0, &mine);
    if (e != CAP_OK)
        return 10;
    static ipc_msg_t msg;
    msg.label = HELLO_LABEL;
    msg.len = 5;
    memcpy(msg.data, "hello", 5);
    msg.ncaps = 1;
    msg.caps[0] = (ipc_cap_t){mine, IPC_CAP_MOVE};
    if ((e = sys_call(rt_cap("parent"), &msg)) != CAP_OK || msg.label != CAP_OK || msg.ncaps != 1) {
        rt_printf("hello: call failed: %s\n", rt_strerror(e));
        return 11;
    }
    if (cap_info(mine, &(cap_info_t){0}) != CAP_ERR_STALE_CAP) {
        rt_printf("hello: moved cap still usable\n");
        return 12;
    }
    if ((e = notification_signal(msg.caps[0].cap, 0x5)) != CAP_OK)
        return 13;
    rt_printf("hello: round trip done, signalled parent\n");
    return 0;
}
