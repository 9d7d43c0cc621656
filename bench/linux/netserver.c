/*
 * The Linux guest of the network benchmark (bench/net.sh): /init of a
 * one-program initramfs, static (gcc -static -O2).
 *
 * 1. Loads the kernel modules in /lib/modules in name order (the Debian
 *    kernel builds virtio, virtio_pci and virtio_net as modules; bench/net.sh
 *    puts them there numbered in dependency order).
 * 2. Configures the first interface that is not loopback with the address
 *    QEMU user networking hands out, 10.0.2.15/24, and brings it (and lo) up.
 * 3. Listens on TCP port 23 and serves one connection at a time with the
 *    same protocol and checks as the capOS-C guest (bench/guest/net_pattern.h,
 *    bench/guest/net_bench.c): sink, source or echo.
 *
 * Serial lines: "LINUX-NET module NAME", "LINUX-NET-READY port=23
 * addr=10.0.2.15 if=NAME", "LINUX-NET sink bytes=N ok=1", "LINUX-NET source
 * bytes=N"; "LINUX-NET-ERROR ..." on failures (fatal ones power off). It
 * never exits on its own: the host stops QEMU.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "net_pattern.h"

#define GUEST_TAG "LINUX-NET"
#include "guest_init.h"

#define MODULE_DIR "/lib/modules"
#define GUEST_ADDR "10.0.2.15"
#define GUEST_MASK "255.255.255.0"

static uint8_t buf[NETPAT_SPAN];

static int write_all(int fd, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static ssize_t read_some(int fd, void *out, size_t len) {
    ssize_t r;
    while ((r = read(fd, out, len)) < 0 && errno == EINTR)
        ;
    return r;
}

static void sink(int c) {
    uint64_t total = 0, bad = UINT64_MAX;
    ssize_t r;
    while ((r = read_some(c, buf, sizeof(buf))) > 0) {
        if (bad == UINT64_MAX) {
            size_t i = netpat_check(buf, (size_t)r, total);
            if (i != (size_t)r)
                bad = total + i;
        }
        total += (uint64_t)r;
    }
    if (r < 0) {
        dprintf(1, "LINUX-NET-ERROR sink read after %llu bytes: %s\n", (unsigned long long)total,
                strerror(errno));
        return;
    }
    char line[48];
    int len = bad == UINT64_MAX
                  ? snprintf(line, sizeof(line), "OK %llu\n", (unsigned long long)total)
                  : snprintf(line, sizeof(line), "BAD %llu\n", (unsigned long long)bad);
    if (write_all(c, line, (size_t)len) != 0)
        dprintf(1, "LINUX-NET-ERROR sink status: %s\n", strerror(errno));
    dprintf(1, "LINUX-NET sink bytes=%llu ok=%d\n", (unsigned long long)total, bad == UINT64_MAX);
}

static void source(int c) {
    uint8_t hdr[8];
    size_t got = 0;
    while (got < sizeof(hdr)) {
        ssize_t r = read_some(c, hdr + got, sizeof(hdr) - got);
        if (r <= 0)
            return;
        got += (size_t)r;
    }
    uint64_t len = 0, off = 0;
    for (int i = 7; i >= 0; i--)
        len = len << 8 | hdr[i];
    while (off < len) {
        uint64_t left = len - off;
        size_t n = left < NETPAT_SPAN ? (size_t)left : NETPAT_SPAN;
        ssize_t w = write(c, netpat_at(off), n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            dprintf(1, "LINUX-NET-ERROR source write after %llu bytes: %s\n",
                    (unsigned long long)off, strerror(errno));
            return;
        }
        off += (uint64_t)w;
    }
    shutdown(c, SHUT_WR);
    while (read_some(c, buf, sizeof(buf)) > 0)
        ;
    dprintf(1, "LINUX-NET source bytes=%llu\n", (unsigned long long)off);
}

static void echo(int c, uint8_t first) {
    ssize_t r;
    if (write_all(c, &first, 1) != 0)
        return;
    while ((r = read_some(c, buf, sizeof(buf))) > 0)
        if (write_all(c, buf, (size_t)r) != 0)
            return;
}

static void serve_one(int c) {
    uint8_t cmd;
    if (read_some(c, &cmd, 1) != 1)
        return;
    if (cmd == 'S')
        sink(c);
    else if (cmd == 'R')
        source(c);
    else
        echo(c, cmd);
}

int main(void) {
    ensure_console();
    netpat_init();
    load_modules(MODULE_DIR);
    char ifname[IF_NAMESIZE];
    find_interface(ifname, sizeof(ifname));
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail("socket");
    bring_up(s, "lo");
    set_addr(s, ifname, SIOCSIFADDR, GUEST_ADDR);
    set_addr(s, ifname, SIOCSIFNETMASK, GUEST_MASK);
    bring_up(s, ifname);
    close(s);

    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(NETPAT_PORT)};
    if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(l, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(l, 8) != 0)
        fail("listen");
    dprintf(1, "LINUX-NET-READY port=%u addr=%s if=%s\n", NETPAT_PORT, GUEST_ADDR, ifname);
    for (;;) {
        int c = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            fail("accept");
        }
        serve_one(c);
        close(c);
    }
}
