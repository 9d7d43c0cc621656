/*
 * Minimal host test harness: each test program is one translation unit that
 * includes this header, records checks, and returns check_summary() from
 * main. The summary line is "N passed, M failed"; the exit status is non-zero
 * iff any check failed.
 */
#ifndef CAPOS_TEST_CHECK_H
#define CAPOS_TEST_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned check_passed;
static unsigned check_failed;

static inline bool check_record(bool ok, const char *what, const char *file, int line) {
    if (ok) {
        check_passed++;
    } else {
        check_failed++;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
    return ok;
}

#define CHECK(cond) check_record((cond), #cond, __FILE__, __LINE__)

/* Integer equality; prints both values on failure. */
#define CHECK_EQ(actual, expected)                                                                 \
    do {                                                                                           \
        long long check_a_ = (long long)(actual), check_e_ = (long long)(expected);                \
        if (!check_record(check_a_ == check_e_, #actual " == " #expected, __FILE__, __LINE__))     \
            fprintf(stderr, "    got %lld, expected %lld\n", check_a_, check_e_);                  \
    } while (0)

/* Byte-string equality of n bytes. */
#define CHECK_MEM(actual, expected, n)                                                             \
    check_record(memcmp((actual), (expected), (n)) == 0, #actual " matches " #expected, __FILE__,  \
                 __LINE__)

/* Decodes 2*n hex digits into out; the test string is trusted. */
static inline void check_unhex(const char *hex, uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static inline int check_summary(void) {
    printf("%u passed, %u failed\n", check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif
