/*
 * Clocks over the clock cap (nanoseconds since boot).
 *
 * There is no RTC and no network time yet, so CLOCK_REALTIME cannot know the
 * date. It counts from REALTIME_FLOOR (a date no earlier than this code) plus
 * the time since boot: monotonic, plausible, and never before the software
 * was written, which is what certificate "not yet valid" checks need. It is
 * not wall-clock time; expiry checks against it are weaker than they look.
 *
 * CPU-time clocks are not offered (-EINVAL): the kernel does not account
 * CPU time per process.
 */
#include <errno.h>
#include <sys/time.h>
#include <time.h>

#include "glue.h"
#include "handlers.h"

#define NS_PER_S 1000000000ull
#define REALTIME_FLOOR_S 1767225600ull /* 2026-01-01T00:00:00Z */

static int is_monotonic(clockid_t clk) {
    return clk == CLOCK_MONOTONIC || clk == CLOCK_MONOTONIC_RAW || clk == CLOCK_MONOTONIC_COARSE ||
           clk == CLOCK_BOOTTIME;
}

static int is_realtime(clockid_t clk) {
    return clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE;
}

/* Now on clock clk, in nanoseconds. */
static int now_on(clockid_t clk, uint64_t *ns) {
    if (!is_monotonic(clk) && !is_realtime(clk))
        return -EINVAL;
    int r = posix_clock_now(ns);
    if (r == 0 && is_realtime(clk))
        *ns += REALTIME_FLOOR_S * NS_PER_S;
    return r;
}

/* A valid timespec as nanoseconds (saturating), or -EINVAL. */
static int timespec_ns(const struct timespec *ts, uint64_t *ns) {
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || (uint64_t)ts->tv_nsec >= NS_PER_S)
        return -EINVAL;
    uint64_t s = (uint64_t)ts->tv_sec;
    *ns = s > (UINT64_MAX - (uint64_t)ts->tv_nsec) / NS_PER_S
              ? UINT64_MAX
              : s * NS_PER_S + (uint64_t)ts->tv_nsec;
    return 0;
}

long posix_sys_clock_gettime(const long a[6]) {
    uint64_t ns;
    int r = now_on((clockid_t)a[0], &ns);
    if (r < 0)
        return r;
    struct timespec *ts = (struct timespec *)a[1];
    ts->tv_sec = (time_t)(ns / NS_PER_S);
    ts->tv_nsec = (long)(ns % NS_PER_S);
    return 0;
}

long posix_sys_clock_getres(const long a[6]) {
    clockid_t clk = (clockid_t)a[0];
    if (!is_monotonic(clk) && !is_realtime(clk))
        return -EINVAL;
    struct timespec *res = (struct timespec *)a[1];
    if (res)
        *res = (struct timespec){.tv_sec = 0, .tv_nsec = 1};
    return 0;
}

long posix_sys_gettimeofday(const long a[6]) {
    struct timeval *tv = (struct timeval *)a[0];
    struct timezone *tz = (struct timezone *)a[1];
    if (tv) {
        uint64_t ns;
        int r = now_on(CLOCK_REALTIME, &ns);
        if (r < 0)
            return r;
        tv->tv_sec = (time_t)(ns / NS_PER_S);
        tv->tv_usec = (suseconds_t)(ns % NS_PER_S / 1000);
    }
    if (tz)
        *tz = (struct timezone){0};
    return 0;
}

/* Sleeps are never interrupted (no signals), so rem is never written. */
long posix_sys_nanosleep(const long a[6]) {
    uint64_t ns;
    int r = timespec_ns((const struct timespec *)a[0], &ns);
    return r < 0 ? r : posix_sleep_ns(ns);
}

long posix_sys_clock_nanosleep(const long a[6]) {
    clockid_t clk = (clockid_t)a[0];
    uint64_t ns, now;
    int r = timespec_ns((const struct timespec *)a[2], &ns);
    if (r == 0)
        r = now_on(clk, &now); /* also rejects clocks there are none of */
    if (r < 0)
        return r;
    if ((int)a[1] & TIMER_ABSTIME)
        ns = ns > now ? ns - now : 0;
    return ns ? posix_sleep_ns(ns) : 0;
}
