/*
 * Linux-guest baseline: /init of a one-file initramfs (see bench/linux/run.sh).
 *
 * Contract (serial console, one line each, in this order):
 *   LINUX-INIT-READY tsc=<u64>         first thing init does; tsc = raw guest
 *                                      rdtsc at that moment
 *   LINUX-BENCH pingpong_rt_tsc_median=<u64> pingpong_rt_tsc_p99=<u64>
 *               pingpong_rt_ns=<float> n=<N>         pipe pair, 1-byte msgs
 *   LINUX-BENCH socket_rt_tsc_median=<u64> socket_rt_tsc_p99=<u64>
 *               socket_rt_ns=<float> n=<N>           AF_UNIX SOCK_STREAM pair
 *   LINUX-BENCH-DONE
 * then sync + reboot(RB_POWER_OFF), so QEMU exits with status 0.
 * On any failure: one "LINUX-BENCH-ERROR <what>: <errno text>" line, then
 * power off (no DONE line), so the host side can tell failure from success.
 *
 * A round trip (rt) = parent writes 1 byte, child reads it and writes 1 byte
 * back, parent reads it. WARMUP rts are discarded, then N rts are measured:
 *   *_rt_tsc_*  per-rt lfence;rdtsc deltas (median, p99 = sorted[ceil(.99N)-1])
 *   *_rt_ns     CLOCK_MONOTONIC over the whole measured loop / N
 *               (includes the per-rt rdtsc reads and sample stores)
 * Meaning of the units depends on the QEMU mode; see bench/linux/README.md.
 *
 * Build: gcc -static -O2 (no dynamic loader in the initramfs).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GUEST_TAG "LINUX-BENCH"
#include "guest_init.h"

#define WARMUP 2000
#define N 20000

static uint64_t samples[N];

/* Serialised TSC read: lfence keeps rdtsc from running ahead of (or being
 * overtaken by) the surrounding code. qemu64 has no rdtscp. */
static inline uint64_t tsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}

static void xwrite(int fd) {
    char c = 'x';
    ssize_t r;
    while ((r = write(fd, &c, 1)) < 0 && errno == EINTR)
        ;
    if (r != 1)
        fail("write");
}

/* Returns 0 on EOF. */
static int xread(int fd) {
    char c;
    ssize_t r;
    while ((r = read(fd, &c, 1)) < 0 && errno == EINTR)
        ;
    if (r < 0)
        fail("read");
    return (int)r;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/*
 * Ping-pong over a transport. Parent sends on tx, receives on rx; child
 * receives on crx, echoes on ctx, and exits when crx reaches EOF. close_*
 * are the fds each side closes after fork (-1 = none).
 */
static void pingpong(const char *key, int tx, int rx, int crx, int ctx, int parent_close[2],
                     int child_close[2]) {
    pid_t pid = fork();
    if (pid < 0)
        fail("fork");
    if (pid == 0) {
        for (int i = 0; i < 2; i++)
            if (child_close[i] >= 0)
                close(child_close[i]);
        while (xread(crx))
            xwrite(ctx);
        _exit(0);
    }
    for (int i = 0; i < 2; i++)
        if (parent_close[i] >= 0)
            close(parent_close[i]);

    for (int i = 0; i < WARMUP; i++) {
        xwrite(tx);
        if (!xread(rx))
            fail("early EOF");
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N; i++) {
        uint64_t s = tsc();
        xwrite(tx);
        if (!xread(rx))
            fail("early EOF");
        samples[i] = tsc() - s;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    /* EOF to the child; shutdown() so a socketpair end shared by both
     * directions still signals EOF. */
    if (tx == rx)
        shutdown(tx, SHUT_WR);
    else
        close(tx);
    if (waitpid(pid, NULL, 0) < 0)
        fail("waitpid");
    close(rx);

    qsort(samples, N, sizeof samples[0], cmp_u64);
    uint64_t total_ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t)t1.tv_nsec -
                        (uint64_t)t0.tv_nsec;
    dprintf(1,
            "LINUX-BENCH %s_rt_tsc_median=%llu %s_rt_tsc_p99=%llu "
            "%s_rt_ns=%.1f n=%d\n",
            key, (unsigned long long)samples[N / 2], key,
            (unsigned long long)samples[(N * 99 + 99) / 100 - 1], key, (double)total_ns / N, N);
}

int main(void) {
    uint64_t t_ready = tsc();
    ensure_console();
    dprintf(1, "LINUX-INIT-READY tsc=%llu\n", (unsigned long long)t_ready);

    /* Pipes: p2c parent->child, c2p child->parent. */
    int p2c[2], c2p[2];
    if (pipe(p2c) < 0 || pipe(c2p) < 0)
        fail("pipe");
    pingpong("pingpong", p2c[1], c2p[0], p2c[0], c2p[1], (int[2]){p2c[0], c2p[1]},
             (int[2]){p2c[1], c2p[0]});

    /* Stream socketpair: parent uses sv[0], child sv[1]. */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        fail("socketpair");
    pingpong("socket", sv[0], sv[0], sv[1], sv[1], (int[2]){sv[1], -1}, (int[2]){sv[0], -1});

    dprintf(1, "LINUX-BENCH-DONE\n");
    power_off();
    return 0;
}
