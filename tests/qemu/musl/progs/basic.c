/*
 * musl on lib/posix, the basics: formatted output, the heap (a 16 MiB block
 * touched in full), clocks across a sleep, getrandom and /dev/urandom, a
 * granted read-only file, and the -ENOSYS answer for what is missing.
 * Runs with: console, clock, entropy, memory, file:config.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define BIG (16u << 20)
#define CONFIG_TEXT "greeting = hello from a granted file\n"

static void check_printf(void) {
    const char *want = "musl|   42|beef|3.142|z";
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%s|%5d|%-4x|%.3f|%c", "musl", 42, 0xbeef, 3.14159, 'z');
    test_check(n == (int)strlen(want) && strcmp(buf, want) == 0, "snprintf");
    n = printf("printf: %s %ld\n", "works", -1234567890123L);
    test_check(n == (int)strlen("printf: works -1234567890123\n"), "printf");
}

static void check_small_heap(void) {
    void *blocks[256];
    bool ok = true;
    for (unsigned i = 0; i < 256; i++) {
        blocks[i] = malloc(16 + i * 37);
        ok = ok && blocks[i];
        if (blocks[i])
            memset(blocks[i], (int)i, 16 + i * 37);
    }
    for (unsigned i = 0; i < 256 && ok; i++)
        ok = ((unsigned char *)blocks[i])[15 + i * 37] == (unsigned char)i;
    for (unsigned i = 0; i < 256; i++)
        free(blocks[i]);
    char *grown = NULL;
    for (size_t size = 64; ok && size <= (1u << 20); size *= 4) {
        char *p = realloc(grown, size);
        ok = p != NULL && (size == 64 || p[size / 4 - 1] == 'g');
        grown = p ? p : grown;
        if (p)
            memset(p, 'g', size);
    }
    free(grown);
    test_check(ok, "malloc_free_realloc");
}

static void check_big_heap(void) {
    uint8_t *p = malloc(BIG);
    if (!test_check(p != NULL, "malloc_16MiB"))
        return;
    for (size_t i = 0; i < BIG; i++)
        p[i] = (uint8_t)(i * 7 + (i >> 12));
    bool ok = true;
    for (size_t i = 0; i < BIG && ok; i += 4093)
        ok = p[i] == (uint8_t)(i * 7 + (i >> 12));
    ok = ok && p[BIG - 1] == (uint8_t)((BIG - 1) * 7 + ((BIG - 1) >> 12));
    free(p);
    test_check(ok, "touch_16MiB");
    void *again = malloc(BIG);
    test_check(again != NULL, "malloc_16MiB_after_free");
    free(again);
}

static uint64_t ns_of(const struct timespec *ts) {
    return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static void check_time(void) {
    struct timespec t0, t1, real;
    int r0 = clock_gettime(CLOCK_MONOTONIC, &t0);
    int slept = nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    int r1 = clock_gettime(CLOCK_MONOTONIC, &t1);
    test_check(r0 == 0 && r1 == 0 && slept == 0, "clock_gettime_and_nanosleep");
    uint64_t d = ns_of(&t1) - ns_of(&t0);
    printf("basic.slept_ns: %llu\n", (unsigned long long)d);
    test_check(d >= 50000000ull && d < 5000000000ull, "monotonic_advances_across_sleep");
    test_check(clock_gettime(CLOCK_REALTIME, &real) == 0 && real.tv_sec >= 1767225600,
               "realtime_floor");
    test_check(time(NULL) >= 1767225600, "time");
    test_check(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &real) == -1 && errno == EINVAL,
               "no_cputime_clock");
}

static bool all_zero(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void check_random(void) {
    uint8_t a[600], b[600];
    test_check(getrandom(a, sizeof(a), 0) == (ssize_t)sizeof(a), "getrandom");
    test_check(getrandom(b, sizeof(b), GRND_NONBLOCK) == (ssize_t)sizeof(b), "getrandom_nonblock");
    test_check(memcmp(a, b, sizeof(a)) != 0 && !all_zero(a, sizeof(a)), "getrandom_differs");
    test_check(getentropy(a, 32) == 0, "getentropy");
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    test_check(fd >= 0 && read(fd, b, 300) == 300 && !all_zero(b, 300), "dev_urandom");
    test_check(fd >= 0 && close(fd) == 0, "close");
}

static void check_config_file(void) {
    FILE *f = fopen("/pkg/config", "r");
    char line[128] = {0};
    test_check(f && fgets(line, sizeof(line), f) && strcmp(line, CONFIG_TEXT) == 0,
               "read_granted_config");
    struct stat st;
    test_check(f && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                   st.st_size == (off_t)strlen(CONFIG_TEXT),
               "fstat_config");
    test_check(f && fseek(f, 11, SEEK_SET) == 0 && fgets(line, sizeof(line), f) &&
                   strcmp(line, CONFIG_TEXT + 11) == 0,
               "seek_config");
    if (f)
        fclose(f);
    char c;
    test_check(read(0, &c, 1) == 0, "stdin_is_empty");
}

static void check_missing(void) {
    EXPECT_ERRNO(syscall(SYS_fork), ENOSYS, "fork");
}

int main(void) {
    test_start("basic");
    check_printf();
    check_small_heap();
    check_big_heap();
    check_time();
    check_random();
    check_config_file();
    check_missing();
    return test_finish();
}
