/*
 * Check helpers of the guest musl test programs. Output goes to stdout,
 * line-buffered: "NAME.what: ok" per passed check, "CHECK FAILED: NAME.what"
 * per failed one (run_scenario.sh's failure marker), and a last line
 * "NAME: PASS" or "NAME: FAIL".
 */
#ifndef MUSL_TEST_COMMON_H
#define MUSL_TEST_COMMON_H

#include <errno.h>
#include <stdbool.h>

/* Names the test and makes stdout line-buffered (it is no terminal). */
void test_start(const char *name);

/* Records one check; returns ok. */
bool test_check(bool ok, const char *what);

/* Checks that a call returned -1 with errno == want (r and err as the call
 * left them) and prints "NAME.what: ERRNO_NAME". */
bool test_errno(long r, int err, int want, const char *what);

/* Runs call (which must fail with errno want) and checks it. */
#define EXPECT_ERRNO(call, want, what)                                                             \
    do {                                                                                           \
        errno = 0;                                                                                 \
        long expect_r_ = (long)(call);                                                             \
        test_errno(expect_r_, errno, (want), (what));                                              \
    } while (0)

/* The symbolic name of an errno value ("ENOENT"), or "E?". */
const char *test_errno_name(int e);

/* Prints the verdict; the exit code for main. */
int test_finish(void);

#endif
