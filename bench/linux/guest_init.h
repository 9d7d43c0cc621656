/*
 * What the Linux guests' /init programs share (pingpong.c, netserver.c,
 * sshinit.c): the console, failing and powering off, loading the virtio
 * modules, and bringing an interface up. Each program defines GUEST_TAG
 * (its serial-line prefix, e.g. "LINUX-NET") before including this; the
 * helpers are static inline so a program pays only for what it calls.
 */
#ifndef BENCH_LINUX_GUEST_INIT_H
#define BENCH_LINUX_GUEST_INIT_H

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

#ifndef GUEST_TAG
#error "define GUEST_TAG (the serial-line prefix) before including guest_init.h"
#endif

#define GUEST_IF_WAIT_MS 10000

static inline void power_off(void) {
    sync();
    reboot(RB_POWER_OFF);
    for (;;)
        pause(); /* only if reboot() failed */
}

/* One "TAG-ERROR what: errno text" line, then power off. */
static inline void fail(const char *what) {
    dprintf(1, GUEST_TAG "-ERROR %s: %s\n", what, strerror(errno));
    power_off();
}

/* The kernel opens /dev/console for init's fds 0-2 when the node exists; if
 * it did not, mount devtmpfs and open it ourselves. */
static inline void ensure_console(void) {
    if (fcntl(1, F_GETFD) >= 0)
        return;
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int fd = open("/dev/console", O_RDWR | O_NOCTTY);
    if (fd < 0)
        power_off(); /* nowhere to report to */
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
}

static inline int guest_by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static inline int guest_is_module(const struct dirent *d) {
    size_t n = strlen(d->d_name);
    return n > 3 && strcmp(d->d_name + n - 3, ".ko") == 0;
}

/* Loads every .ko in dir in name order (the scripts number them in
 * dependency order), one "TAG module NAME" line each. */
static inline void load_modules(const char *dir) {
    struct dirent **list;
    int n = scandir(dir, &list, guest_is_module, guest_by_name);
    if (n < 0)
        fail("scandir of the module directory");
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(path);
        if (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST)
            fail(path);
        close(fd);
        dprintf(1, GUEST_TAG " module %s\n", list[i]->d_name);
        free(list[i]);
    }
    free(list);
}

static inline void fill_sin(struct sockaddr *sa, const char *dotted) {
    struct sockaddr_in *sin = (struct sockaddr_in *)sa;
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    if (inet_pton(AF_INET, dotted, &sin->sin_addr) != 1) {
        errno = EINVAL;
        fail(dotted);
    }
}

static inline void set_addr(int s, const char *ifname, unsigned long req, const char *dotted) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
    fill_sin(&ifr.ifr_addr, dotted);
    if (ioctl(s, req, &ifr) != 0)
        fail("setting an interface address");
}

static inline void bring_up(int s, const char *ifname) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
        fail("SIOCGIFFLAGS");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
        fail("SIOCSIFFLAGS");
}

/* The first interface other than lo (the driver may still be probing). */
static inline void find_interface(char *name, size_t size) {
    for (int waited = 0; waited < GUEST_IF_WAIT_MS; waited += 50) {
        struct if_nameindex *ifs = if_nameindex();
        for (struct if_nameindex *i = ifs; i && i->if_index != 0; i++)
            if (strcmp(i->if_name, "lo") != 0) {
                snprintf(name, size, "%s", i->if_name);
                if_freenameindex(ifs);
                return;
            }
        if (ifs)
            if_freenameindex(ifs);
        usleep(50000);
    }
    errno = ENODEV;
    fail("no network interface");
}

#endif
