/*
 * net-bench: the capOS-C guest of the network benchmark (bench/net.sh).
 * A service next to the netstack: once the interface has an address it
 * listens on TCP port 23 (forwarded from a host port by
 * tools/capos-qemu --net) and serves one connection at a time with the
 * blocking socket calls: sink, source or echo, as the connection's first
 * byte says (protocol and byte stream in net_pattern.h). The Linux guest
 * (bench/linux/netserver.c) does the same with the same checks.
 *
 * CapSet: console, clock, net (TcpListenAuthority facet for port 23).
 * Serial lines: "CAPOS-NET-READY port=23 addr=A.B.C.D", "CAPOS-NET sink
 * bytes=N ok=1", "CAPOS-NET source bytes=N", "CAPOS-NET-ERROR ..." on
 * failures. Echo connections print nothing (the serial port is slow).
 */
#include "capos/rt.h"
#include "capos/idl/clock.h"
#include "capos/idl/net.h"
#include "net_pattern.h"

#define CHUNK 1020u /* TcpSocket read/write payload limit */
#define CONFIG_WAIT_MS 30000u

static uint8_t buf[CHUNK];

static cap_err_t write_all(cap_t sock, const uint8_t *data, uint32_t len) {
    while (len > 0) {
        uint32_t written = 0;
        cap_err_t e = tcp_socket_write(sock, data, len < CHUNK ? len : CHUNK, &written);
        if (e != CAP_OK)
            return e;
        data += written;
        len -= written;
    }
    return CAP_OK;
}

/* Reads exactly len bytes; CAP_ERR_BROKEN at an early end of stream. */
static cap_err_t read_exactly(cap_t sock, uint8_t *out, uint32_t len) {
    while (len > 0) {
        uint32_t n = 0;
        cap_err_t e = tcp_socket_read(sock, len, out, len, &n);
        if (e != CAP_OK)
            return e;
        if (n == 0)
            return CAP_ERR_BROKEN;
        out += n;
        len -= n;
    }
    return CAP_OK;
}

/* Reads (and with check, verifies) the stream until the peer's FIN. */
static cap_err_t sink(cap_t sock) {
    uint64_t total = 0, bad = UINT64_MAX;
    uint32_t n = 0;
    cap_err_t e;
    while ((e = tcp_socket_read(sock, CHUNK, buf, CHUNK, &n)) == CAP_OK && n > 0) {
        if (bad == UINT64_MAX) {
            size_t i = netpat_check(buf, n, total);
            if (i != n)
                bad = total + i;
        }
        total += n;
    }
    if (e != CAP_OK) {
        rt_printf("CAPOS-NET-ERROR sink read after %lu bytes: %s\n", total, rt_strerror(e));
        return e;
    }
    char line[48];
    int len = bad == UINT64_MAX ? rt_snprintf(line, sizeof(line), "OK %lu\n", total)
                                : rt_snprintf(line, sizeof(line), "BAD %lu\n", bad);
    e = write_all(sock, (const uint8_t *)line, (uint32_t)len);
    rt_printf("CAPOS-NET sink bytes=%lu ok=%d\n", total, bad == UINT64_MAX);
    return e;
}

/* Sends `len` bytes of the stream, half-closes, waits for the peer's FIN. */
static cap_err_t source(cap_t sock) {
    uint8_t hdr[8];
    cap_err_t e = read_exactly(sock, hdr, sizeof(hdr));
    if (e != CAP_OK)
        return e;
    uint64_t len = 0, off = 0;
    for (int i = 7; i >= 0; i--)
        len = len << 8 | hdr[i];
    while (off < len) {
        uint32_t written = 0;
        uint64_t left = len - off;
        e = tcp_socket_write(sock, netpat_at(off), left < CHUNK ? (uint32_t)left : CHUNK, &written);
        if (e != CAP_OK) {
            rt_printf("CAPOS-NET-ERROR source write after %lu bytes: %s\n", off, rt_strerror(e));
            return e;
        }
        off += written;
    }
    e = tcp_socket_shutdown(sock, 1);
    uint32_t n = 0;
    while (e == CAP_OK && (e = tcp_socket_read(sock, CHUNK, buf, CHUNK, &n)) == CAP_OK && n > 0) {
    }
    rt_printf("CAPOS-NET source bytes=%lu\n", off);
    return e;
}

/* The first byte came back already; echoes the rest until the peer's FIN. */
static cap_err_t echo(cap_t sock, uint8_t first) {
    cap_err_t e = write_all(sock, &first, 1);
    uint32_t n = 0;
    while (e == CAP_OK && (e = tcp_socket_read(sock, CHUNK, buf, CHUNK, &n)) == CAP_OK && n > 0)
        e = write_all(sock, buf, n);
    return e;
}

static cap_err_t serve_one(cap_t sock) {
    uint8_t cmd = 0;
    uint32_t n = 0;
    cap_err_t e = tcp_socket_read(sock, 1, &cmd, 1, &n);
    if (e != CAP_OK || n == 0)
        return e;
    if (cmd == 'S')
        return sink(sock);
    if (cmd == 'R')
        return source(sock);
    return echo(sock, cmd);
}

static uint32_t wait_for_address(cap_t net, cap_t clock) {
    for (uint32_t waited = 0; waited < CONFIG_WAIT_MS; waited += 50) {
        uint32_t addr = 0, mask = 0, gw = 0, dns = 0, src = 0, mac_len = 0;
        uint8_t mac[6];
        if (net_info_config(net, &addr, &mask, &gw, &dns, &src, mac, sizeof(mac), &mac_len) ==
                CAP_OK &&
            src != 0)
            return addr;
        if (clock_sleep(clock, 50000000ull) != CAP_OK)
            return 0;
    }
    return 0;
}

int main(void) {
    cap_t net = rt_cap("net"), clock = rt_cap("clock");
    netpat_init();
    uint32_t addr = wait_for_address(net, clock);
    if (addr == 0) {
        rt_printf("CAPOS-NET-ERROR no interface address\n");
        return 1;
    }
    cap_t listener = CAP_NULL;
    cap_err_t e = tcp_listen_authority_listen(net, NETPAT_PORT, 8, &listener);
    if (e != CAP_OK) {
        rt_printf("CAPOS-NET-ERROR listen on port %u: %s\n", NETPAT_PORT, rt_strerror(e));
        return 1;
    }
    rt_printf("CAPOS-NET-READY port=%u addr=%u.%u.%u.%u\n", NETPAT_PORT, addr >> 24,
              (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
    for (;;) {
        cap_t sock = CAP_NULL;
        uint32_t peer = 0, port = 0;
        e = tcp_listener_accept(listener, &sock, &peer, &port);
        if (e != CAP_OK) {
            rt_printf("CAPOS-NET-ERROR accept: %s\n", rt_strerror(e));
            return 1;
        }
        e = serve_one(sock);
        if (e != CAP_OK)
            rt_printf("CAPOS-NET-ERROR connection: %s\n", rt_strerror(e));
        e = tcp_socket_close(sock);
        if (e != CAP_OK)
            rt_printf("CAPOS-NET-ERROR close: %s\n", rt_strerror(e));
        rt_ignore(cap_release(sock)); /* the handle outlives the closed socket */
    }
}
