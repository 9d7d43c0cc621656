/* lwIP's platform functions (contract in lwip_port.h and arch/cc.h). */
#include "lwip_port.h"
#include "capos/rt.h"
#include "capos/idl/clock.h"
#include "capos/idl/entropy.h"
#include "capos/secure_zero.h"
#include "lwip/ip_addr.h"
#include "lwip/sys.h"
#include "lwip_hooks.h"
#include "tcp_isn.h"

#define POOL_BYTES 256u /* one EntropySource read */

static struct {
    cap_t entropy;
    uint64_t tsc_start;
    uint64_t tsc_per_us;
    uint8_t pool[POOL_BYTES];
    uint32_t pool_left; /* unused bytes at the end of pool */
    uint8_t isn_key[TCP_ISN_KEY_BYTES];
} port;

/* Fills buf from the entropy source; the service cannot go on without it. */
static void draw(uint8_t *buf, uint32_t n) {
    uint32_t got = 0;
    cap_err_t e = entropy_source_read(port.entropy, n, buf, n, &got);
    if (e != CAP_OK || got != n) {
        rt_printf("netstack: entropy source failed (%s); stopping\n", rt_strerror(e));
        sys_exit(3);
    }
}

cap_err_t lwip_port_init(cap_t clock, cap_t entropy) {
    uint64_t hz = 0;
    cap_err_t e = clock_tsc_hz(clock, &hz);
    if (e != CAP_OK)
        return e;
    if (hz < 1000000u)
        return CAP_ERR_UNAVAILABLE;
    port.entropy = entropy;
    port.tsc_per_us = hz / 1000000u;
    port.tsc_start = rt_rdtsc();
    uint8_t key[POOL_BYTES];
    uint32_t got = 0;
    e = entropy_source_read(entropy, TCP_ISN_KEY_BYTES, key, sizeof(key), &got);
    if (e == CAP_OK && got != TCP_ISN_KEY_BYTES)
        e = CAP_ERR_NO_ENTROPY;
    if (e == CAP_OK)
        memcpy(port.isn_key, key, TCP_ISN_KEY_BYTES);
    secure_zero(key, sizeof(key));
    return e;
}

uint64_t lwip_port_now_us(void) {
    return (rt_rdtsc() - port.tsc_start) / port.tsc_per_us;
}

uint64_t lwip_port_now_ms(void) {
    return lwip_port_now_us() / 1000u;
}

u32_t sys_now(void) {
    return (u32_t)lwip_port_now_ms();
}

uint32_t lwip_port_random(void) {
    if (port.pool_left < 4) {
        draw(port.pool, POOL_BYTES);
        port.pool_left = POOL_BYTES;
    }
    port.pool_left -= 4;
    uint8_t *p = port.pool + port.pool_left;
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    secure_zero(p, 4); /* a value handed out is not kept */
    return v;
}

u32_t lwip_port_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
                        u16_t remote_port) {
    return tcp_isn(port.isn_key, lwip_ntohl(ip4_addr_get_u32(local_ip)), local_port,
                   lwip_ntohl(ip4_addr_get_u32(remote_ip)), remote_port, lwip_port_now_us());
}

void lwip_port_assert_failed(const char *what, const char *file, int line) {
    rt_printf("netstack: lwIP assertion failed at %s:%d: %s\n", file, line, what);
    sys_exit(4);
}
