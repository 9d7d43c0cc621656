/* Check helpers (see common.h). */
#include <errno.h>
#include <stdio.h>

#include "common.h"

static const char *test_name = "test";
static unsigned failed;

void test_start(const char *name) {
    test_name = name;
    setvbuf(stdout, NULL, _IOLBF, 0);
}

bool test_check(bool ok, const char *what) {
    if (ok) {
        printf("%s.%s: ok\n", test_name, what);
    } else {
        printf("CHECK FAILED: %s.%s\n", test_name, what);
        failed++;
    }
    return ok;
}

const char *test_errno_name(int e) {
    static const struct {
        int e;
        const char *name;
    } names[] = {
        {0, "0"},
        {ENOENT, "ENOENT"},
        {EACCES, "EACCES"},
        {EPERM, "EPERM"},
        {EBADF, "EBADF"},
        {ENOTDIR, "ENOTDIR"},
        {EISDIR, "EISDIR"},
        {EINVAL, "EINVAL"},
        {ENOSYS, "ENOSYS"},
        {EEXIST, "EEXIST"},
        {ENOTSOCK, "ENOTSOCK"},
        {EAFNOSUPPORT, "EAFNOSUPPORT"},
        {ESPIPE, "ESPIPE"},
        {ENOTTY, "ENOTTY"},
        {ENAMETOOLONG, "ENAMETOOLONG"},
        {EAGAIN, "EAGAIN"},
        {EPIPE, "EPIPE"},
        {ENOTCONN, "ENOTCONN"},
        {ECONNREFUSED, "ECONNREFUSED"},
        {ENETUNREACH, "ENETUNREACH"},
        {ENOPROTOOPT, "ENOPROTOOPT"},
        {ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"},
        {EADDRINUSE, "EADDRINUSE"},
        {ECONNRESET, "ECONNRESET"},
        {ETIMEDOUT, "ETIMEDOUT"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].e == e)
            return names[i].name;
    return "E?";
}

bool test_errno(long r, int err, int want, const char *what) {
    bool ok = r == -1 && err == want;
    if (ok) {
        printf("%s.%s: %s\n", test_name, what, test_errno_name(err));
    } else {
        printf("CHECK FAILED: %s.%s: got %ld/%s, expected -1/%s\n", test_name, what, r,
               test_errno_name(err), test_errno_name(want));
        failed++;
    }
    return ok;
}

int test_finish(void) {
    if (failed)
        printf("%s: FAIL (%u checks failed)\n", test_name, failed);
    else
        printf("%s: PASS\n", test_name);
    fflush(stdout);
    return failed ? 1 : 0;
}
