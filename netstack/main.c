/*
 * netstack: the TCP/IP service (README.md). Glue: the CapSet names become
 * a net_env_t, then the service runs until its endpoint goes away.
 */
#include "capos/rt.h"
#include "netstack.h"

int main(void) {
    static netstack_t ns;
    const net_env_t env = {
        .server = rt_cap("export:net"),
        .memory = rt_cap("memory"),
        .clock = rt_cap("clock"),
        .entropy = rt_cap("entropy"),
        .pci = rt_cap("nic"), /* the NIC's PciDevice (pci:1af4:1000) */
    };
    cap_err_t e = netstack_start(&ns, &env);
    if (e != CAP_OK) {
        rt_printf("netstack: start-up failed: %s\n", rt_strerror(e));
        return 1;
    }
    e = netstack_serve(&ns);
    rt_printf("netstack: receive failed: %s\n", rt_strerror(e));
    return 2;
}
