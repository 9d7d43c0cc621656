/* The one-time checks of netecho (contract in netecho.h): facet policy,
 * stale and mismatched capabilities, TCP and UDP over loopback, the
 * resolver. */
#include "capos/rt.h"
#include "capos/idl/clock.h"
#include "capos/idl/net.h"
#include "netecho.h"

#define CONFIG_WAIT_MS 20000u

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            rt_printf("netecho: CHECK FAILED line %d: %s\n", __LINE__, #cond);                     \
            return 0;                                                                              \
        }                                                                                          \
    } while (0)

static void report(const char *what, cap_err_t e) {
    rt_printf("netecho.%s: %s\n", what, rt_strerror(e));
}

/* The interface configuration, once DHCP or the fallback has set it. */
static uint32_t wait_for_address(const netecho_env_t *env) {
    for (uint32_t waited = 0; waited < CONFIG_WAIT_MS; waited += 100) {
        uint32_t addr = 0, mask = 0, gw = 0, dns = 0, source = 0, mac_len = 0;
        uint8_t mac[6];
        if (net_info_config(env->net, &addr, &mask, &gw, &dns, &source, mac, sizeof(mac),
                            &mac_len) == CAP_OK &&
            source != 0) {
            rt_printf("netecho.config: %u.%u.%u.%u source %u\n", addr >> 24, (addr >> 16) & 0xff,
                      (addr >> 8) & 0xff, addr & 0xff, source);
            return addr;
        }
        if (clock_sleep(env->clock, 100000000ull) != CAP_OK)
            return 0;
    }
    return 0;
}

/* What a facet without the authority, or the wrong object, is told. */
static bool policy(const netecho_env_t *env, cap_t listener) {
    cap_t cap = CAP_NULL;
    uint32_t addr = 0, port = 0, n = 0;
    uint8_t byte;
    cap_err_t e = tcp_listen_authority_listen(env->net, NETECHO_PORT + 1, 4, &cap);
    report("listen_other_port", e);
    if (e != CAP_ERR_DENIED)
        return false;
    e = tcp_listen_authority_listen(env->net, NETECHO_PORT, 4, &cap);
    report("listen_twice", e);
    if (e != CAP_ERR_EXISTS)
        return false;
    e = tcp_listen_authority_listen(env->client, NETECHO_PORT, 4, &cap);
    report("listen_without_port", e);
    if (e != CAP_ERR_DENIED)
        return false;
    e = tcp_connector_connect(env->net, 0x0a000202u, 80, &cap);
    report("connect_with_listen_facet", e);
    if (e != CAP_ERR_DENIED)
        return false;
    e = resolver_resolve(env->net, "10.0.2.2", 8, &addr);
    report("resolve_with_listen_facet", e);
    if (e != CAP_ERR_DENIED)
        return false;
    e = tcp_socket_read(listener, 1, &byte, 1, &n);
    report("socket_call_on_listener", e);
    if (e != CAP_ERR_BAD_METHOD)
        return false;
    e = tcp_listener_try_accept(listener, &cap, &addr, &port);
    report("try_accept_nothing_waiting", e);
    return e == CAP_ERR_WOULD_BLOCK;
}

/* Half-closes: the client's FIN reaches the server as the end of the
 * stream while the server can still answer; then the server's FIN. */
static bool half_close(cap_t client, cap_t server) {
    uint32_t n = 1, written = 0;
    char buf[8] = {0};
    cap_err_t e = tcp_socket_shutdown(client, 1);
    if (e == CAP_OK)
        e = tcp_socket_read(server, sizeof(buf), (uint8_t *)buf, sizeof(buf), &n);
    if (e != CAP_OK || n != 0)
        return false;
    e = tcp_socket_write(server, (const uint8_t *)"pong", 4, &written);
    if (e == CAP_OK)
        e = tcp_socket_shutdown(server, 1);
    if (e == CAP_OK)
        e = tcp_socket_read(client, sizeof(buf), (uint8_t *)buf, sizeof(buf), &n);
    if (e != CAP_OK || n != 4 || memcmp(buf, "pong", 4) != 0)
        return false;
    e = tcp_socket_read(client, sizeof(buf), (uint8_t *)buf, sizeof(buf), &n);
    report("half_close_end_of_stream", e == CAP_OK && n == 0 ? CAP_OK : CAP_ERR_BAD_ARGS);
    e = tcp_socket_write(client, (const uint8_t *)"late", 4, &written);
    report("write_after_shutdown", e);
    return n == 0 && e == CAP_ERR_BROKEN;
}

/* connect to the own listener, one message each way, half-closes, then
 * both closed. */
static bool tcp_loopback(const netecho_env_t *env, cap_t listener, uint32_t self) {
    cap_t client = CAP_NULL, server = CAP_NULL;
    uint32_t addr = 0, port = 0, written = 0, n = 0;
    char buf[16] = {0};
    cap_err_t e = tcp_connector_connect(env->client, self, NETECHO_PORT, &client);
    if (e == CAP_OK)
        e = tcp_listener_accept(listener, &server, &addr, &port);
    if (e == CAP_OK)
        e = tcp_socket_write(client, (const uint8_t *)"ping", 4, &written);
    if (e == CAP_OK)
        e = tcp_socket_read(server, sizeof(buf) - 1, (uint8_t *)buf, sizeof(buf) - 1, &n);
    report("loopback_tcp", e);
    if (e != CAP_OK)
        return false;
    rt_printf("netecho.loopback_tcp_data: %s from %s\n", buf,
              addr == self ? "own address" : "elsewhere");
    if (written != 4 || n != 4 || memcmp(buf, "ping", 4) != 0 || !half_close(client, server))
        return false;
    if (tcp_socket_close(client) != CAP_OK || tcp_socket_close(server) != CAP_OK)
        return false;
    e = tcp_socket_read(client, 1, (uint8_t *)buf, 1, &n);
    report("closed_socket", e);
    return e == CAP_ERR_STALE_CAP;
}

/* One datagram from one socket to another over the own address. */
static bool udp_loopback(const netecho_env_t *env, uint32_t self) {
    cap_t a = CAP_NULL, b = CAP_NULL;
    uint32_t addr = 0, port = 0, from = 0, from_port = 0, n = 0;
    char buf[32] = {0};
    cap_err_t e = udp_authority_open(env->client, &a);
    if (e == CAP_OK)
        e = udp_authority_open(env->client, &b);
    if (e != CAP_OK)
        return false;
    e = udp_socket_bind(a, NETECHO_PORT);
    report("udp_bind_ungranted_port", e);
    if (e != CAP_ERR_DENIED)
        return false;
    e = udp_socket_bind(b, 0);
    if (e == CAP_OK)
        e = udp_socket_local_address(b, &addr, &port);
    if (e == CAP_OK)
        e = udp_socket_send_to(a, self, port, (const uint8_t *)"datagram", 8);
    if (e == CAP_OK)
        e = udp_socket_receive_from(b, sizeof(buf) - 1, &from, &from_port, (uint8_t *)buf,
                                    sizeof(buf) - 1, &n);
    report("loopback_udp", e);
    if (e != CAP_OK)
        return false;
    rt_printf("netecho.loopback_udp_data: %s\n", buf);
    return from == self && n == 8 && udp_socket_close(a) == CAP_OK && udp_socket_close(b) == CAP_OK;
}

static bool resolver(const netecho_env_t *env) {
    uint32_t addr = 0;
    cap_err_t e = resolver_resolve(env->client, "10.0.2.2", 8, &addr);
    rt_printf("netecho.resolve_literal: %s %x\n", rt_strerror(e), addr);
    return e == CAP_OK && addr == 0x0a000202u;
}

uint32_t netecho_checks(const netecho_env_t *env, cap_t listener) {
    uint32_t self = wait_for_address(env);
    CHECK(self != 0);
    CHECK(policy(env, listener));
    CHECK(tcp_loopback(env, listener, self));
    CHECK(udp_loopback(env, self));
    CHECK(resolver(env));
    return self;
}
