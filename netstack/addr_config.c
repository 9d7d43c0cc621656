/*
 * The interface's IPv4 configuration: DHCP first (QEMU user networking
 * leases 10.0.2.15/24); when no lease came within NET_DHCP_TIMEOUT_MS, the
 * static configuration of that network (gateway 10.0.2.2, DNS 10.0.2.3).
 * NetInfo.config reports the result.
 */
#include <stddef.h>
#include "capos/rt.h"
#include "capos/idl/net.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip_port.h"
#include "netstack.h"

#define STATIC_ADDR 0x0a00020fu    /* 10.0.2.15 */
#define STATIC_NETMASK 0xffffff00u /* /24 */
#define STATIC_GATEWAY 0x0a000202u /* 10.0.2.2 */
#define STATIC_DNS 0x0a000203u     /* 10.0.2.3 */

static netstack_t *of_netif(struct netif *netif) {
    return (netstack_t *)((char *)netif - offsetof(netstack_t, netif));
}

/* The leading one bits of a netmask (no libgcc here for popcount). */
static uint32_t prefix_length(uint32_t netmask) {
    uint32_t n = 0;
    for (; n < 32 && (netmask & (0x80000000u >> n)); n++)
        ;
    return n;
}

/* a.b.c.d, or "none" for 0.0.0.0 (restricted user networking leases no
 * gateway and no DNS server). */
static void format_ip(char *out, size_t size, uint32_t a) {
    if (a == 0)
        (void)rt_snprintf(out, size, "none");
    else
        (void)rt_snprintf(out, size, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
                          a & 0xff);
}

static void print_config(netstack_t *ns, const char *how) {
    char addr[16], gw[16], dns[16];
    format_ip(addr, sizeof(addr), net_ip_host(&ns->netif.ip_addr));
    format_ip(gw, sizeof(gw), net_ip_host(&ns->netif.gw));
    format_ip(dns, sizeof(dns), net_ip_host(dns_getserver(0)));
    rt_printf("netstack: %s %s/%u gw %s dns %s\n", how, addr,
              prefix_length(net_ip_host(&ns->netif.netmask)), gw, dns);
}

static void on_status(struct netif *netif) {
    netstack_t *ns = of_netif(netif);
    if (ns->config == NET_CONFIG_NONE && dhcp_supplied_address(netif)) {
        ns->config = NET_CONFIG_DHCP;
        print_config(ns, "DHCP lease");
    }
}

void addr_config_start(netstack_t *ns) {
    netif_set_status_callback(&ns->netif, on_status);
    ns->dhcp_deadline_ms = lwip_port_now_ms() + NET_DHCP_TIMEOUT_MS;
    if (dhcp_start(&ns->netif) != ERR_OK)
        ns->dhcp_deadline_ms = 0; /* straight to the fallback */
}

void addr_config_poll(netstack_t *ns) {
    if (ns->config != NET_CONFIG_NONE || lwip_port_now_ms() < ns->dhcp_deadline_ms)
        return;
    ip4_addr_t addr, netmask, gateway;
    ip_addr_t dns;
    dhcp_release_and_stop(&ns->netif);
    ip4_addr_set_u32(&addr, lwip_htonl(STATIC_ADDR));
    ip4_addr_set_u32(&netmask, lwip_htonl(STATIC_NETMASK));
    ip4_addr_set_u32(&gateway, lwip_htonl(STATIC_GATEWAY));
    net_ip_set(&dns, STATIC_DNS);
    ns->config = NET_CONFIG_STATIC;
    netif_set_addr(&ns->netif, &addr, &netmask, &gateway);
    dns_setserver(0, &dns);
    rt_printf("netstack: no DHCP lease within %u ms\n", NET_DHCP_TIMEOUT_MS);
    print_config(ns, "static configuration");
}

uint32_t addr_config_sleep_ms(const netstack_t *ns) {
    if (ns->config != NET_CONFIG_NONE)
        return UINT32_MAX;
    uint64_t now = lwip_port_now_ms();
    return now >= ns->dhcp_deadline_ms ? 0 : (uint32_t)(ns->dhcp_deadline_ms - now);
}

static cap_err_t op_config(void *ctx, uint32_t *addr, uint32_t *netmask, uint32_t *gateway,
                           uint32_t *dns, uint32_t *source, uint8_t *mac, uint32_t mac_cap,
                           uint32_t *mac_len) {
    netstack_t *ns = ctx;
    *addr = net_ip_host(&ns->netif.ip_addr);
    *netmask = net_ip_host(&ns->netif.netmask);
    *gateway = net_ip_host(&ns->netif.gw);
    *dns = net_ip_host(dns_getserver(0));
    *source = ns->config;
    *mac_len = mac_cap < sizeof(ns->nic.mac) ? mac_cap : sizeof(ns->nic.mac);
    memcpy(mac, ns->nic.mac, *mac_len);
    return CAP_OK;
}

static cap_err_t op_stats(void *ctx, uint32_t *tcp_sockets, uint32_t *listeners,
                          uint32_t *udp_sockets, uint32_t *terminals, uint32_t *waiting_calls) {
    net_stats_t st = net_stats(ctx);
    *tcp_sockets = st.tcp_sockets;
    *listeners = st.listeners;
    *udp_sockets = st.udp_sockets;
    *terminals = st.terminals;
    *waiting_calls = st.waiting_calls;
    return CAP_OK;
}

static const net_info_server_ops_t ops = {.config = op_config, .stats = op_stats};

cap_err_t addr_config_dispatch(netstack_t *ns, const ipc_msg_t *req, ipc_msg_t *rep) {
    return net_info_dispatch(&ops, ns, req, rep);
}
