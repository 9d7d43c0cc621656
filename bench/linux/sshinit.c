/*
 * /init of the Linux guest of the SSH benchmark (bench/ssh.sh), static
 * (gcc -static -O2), on top of a Debian minbase + openssh-server rootfs
 * unpacked from the initramfs.
 *
 * 1. Mounts /proc, /sys, /dev (devtmpfs), /dev/pts, /dev/shm and /run, and
 *    creates /run/sshd (sshd's privilege-separation directory) and
 *    /run/utmp.
 * 2. Loads the kernel modules in /lib/modules/bench in name order (the
 *    Debian kernel builds virtio_pci and virtio_net as modules; bench/ssh.sh
 *    puts them there numbered in dependency order).
 * 3. Brings up lo and the first other interface with the address QEMU user
 *    networking hands out, 10.0.2.15/24, default route via 10.0.2.2.
 * 4. Starts /usr/sbin/sshd -D -e (its log goes to the serial console) and
 *    stays pid 1: it reaps orphans and powers off if sshd exits.
 *
 * Serial lines: "LINUX-SSH module NAME", "LINUX-SSH-READY addr=10.0.2.15
 * if=NAME pid=N" (sshd started, not necessarily listening yet);
 * "LINUX-SSH-ERROR ..." on failures, which power off. The host stops QEMU.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
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
#include <sys/wait.h>
#include <unistd.h>

#define GUEST_TAG "LINUX-SSH"
#include "guest_init.h"

#define MODULE_DIR "/lib/modules/bench"
#define GUEST_ADDR "10.0.2.15"
#define GUEST_MASK "255.255.255.0"
#define GUEST_GATEWAY "10.0.2.2"
#define GUEST_HOSTNAME "linux-bench"
#define SSHD "/usr/sbin/sshd" /* sshd re-executes itself: absolute path */
#define UTMP_GID 43           /* group utmp in Debian's base-passwd */

static void mount_at(const char *src, const char *dir, const char *type, unsigned long flags,
                     const char *opts) {
    mkdir(dir, 0755);
    if (mount(src, dir, type, flags, opts) != 0 && errno != EBUSY)
        fail(dir);
}

static void mount_filesystems(void) {
    mount_at("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_at("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_at("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
    mount_at("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620,ptmxmode=666");
    mount_at("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    mount_at("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
    if (mkdir("/run/sshd", 0755) != 0 && errno != EEXIST)
        fail("/run/sshd");
    /* sshd records logins in utmp, as on a booted Debian (systemd-tmpfiles) */
    int fd = open("/run/utmp", O_WRONLY | O_CREAT | O_CLOEXEC, 0664);
    if (fd < 0 || fchown(fd, 0, UTMP_GID) != 0)
        fail("/run/utmp");
    close(fd);
}

static void add_default_route(int s) {
    struct rtentry rt;
    memset(&rt, 0, sizeof(rt));
    fill_sin(&rt.rt_dst, "0.0.0.0");
    fill_sin(&rt.rt_genmask, "0.0.0.0");
    fill_sin(&rt.rt_gateway, GUEST_GATEWAY);
    rt.rt_flags = RTF_UP | RTF_GATEWAY;
    if (ioctl(s, SIOCADDRT, &rt) != 0 && errno != EEXIST)
        fail("SIOCADDRT");
}

static void configure_network(char *ifname, size_t size) {
    find_interface(ifname, size);
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        fail("socket");
    bring_up(s, "lo");
    set_addr(s, ifname, SIOCSIFADDR, GUEST_ADDR);
    set_addr(s, ifname, SIOCSIFNETMASK, GUEST_MASK);
    bring_up(s, ifname);
    add_default_route(s);
    close(s);
    if (sethostname(GUEST_HOSTNAME, strlen(GUEST_HOSTNAME)) != 0)
        fail("sethostname");
}

static pid_t start_sshd(void) {
    pid_t pid = fork();
    if (pid < 0)
        fail("fork");
    if (pid == 0) {
        char *const argv[] = {SSHD, "-D", "-e", NULL};
        char *const envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                              "LANG=C.UTF-8", NULL};
        setsid();
        execve(SSHD, argv, envp);
        dprintf(1, "LINUX-SSH-ERROR exec " SSHD ": %s\n", strerror(errno));
        _exit(127);
    }
    return pid;
}

int main(void) {
    ensure_console();
    mount_filesystems();
    load_modules(MODULE_DIR);
    char ifname[IF_NAMESIZE];
    configure_network(ifname, sizeof(ifname));
    pid_t sshd = start_sshd();
    dprintf(1, "LINUX-SSH-READY addr=%s if=%s pid=%d\n", GUEST_ADDR, ifname, (int)sshd);
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            fail("waitpid");
        if (pid == sshd) {
            dprintf(1, "LINUX-SSH-ERROR sshd exited (status 0x%x)\n", (unsigned)status);
            power_off();
        }
    }
}
