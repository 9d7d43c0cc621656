/* cap_err_t -> errno (errno_map.h) and the syscall name table. */
#include <errno.h>

#include "check.h"
#include "errno_map.h"
#include "syscall_names.h"

int main(void) {
    CHECK_EQ(errno_from_cap(CAP_OK), 0);
    for (int e = 1; e < CAP_ERR__COUNT; e++) /* every error maps to a real errno */
        CHECK(errno_from_cap((cap_err_t)e) > 0);
    CHECK_EQ(errno_from_cap(CAP_ERR_NOT_FOUND), ENOENT);
    CHECK_EQ(errno_from_cap(CAP_ERR_NO_RIGHTS), EACCES);
    CHECK_EQ(errno_from_cap(CAP_ERR_NO_MEMORY), ENOMEM);
    CHECK_EQ(errno_from_cap(CAP_ERR_INVALID_CAP), EBADF);
    CHECK_EQ(errno_from_cap(CAP_ERR_STALE_CAP), EBADF);
    CHECK_EQ(errno_from_cap(CAP_ERR_BAD_ARGS), EINVAL);
    CHECK_EQ(errno_from_cap(CAP_ERR_BAD_ADDRESS), EFAULT);
    CHECK_EQ(errno_from_cap(CAP_ERR_NO_ENTROPY), EIO);
    CHECK_EQ(errno_from_cap(CAP_ERR_BROKEN), EPIPE);
    CHECK_EQ(errno_from_cap(CAP_ERR_EXISTS), EEXIST);
    CHECK_EQ(errno_from_cap(CAP_ERR__COUNT), EIO);
    CHECK_EQ(errno_from_cap((cap_err_t)-1), EIO);

    /* socket calls: the same error means different things per call */
    CHECK_EQ(errno_from_sock(SOCK_OP_BIND, CAP_OK), 0);
    CHECK_EQ(errno_from_sock(SOCK_OP_BIND, CAP_ERR_DENIED), EACCES);
    CHECK_EQ(errno_from_sock(SOCK_OP_CONNECT, CAP_ERR_DENIED), EACCES);
    CHECK_EQ(errno_from_sock(SOCK_OP_BIND, CAP_ERR_EXISTS), EADDRINUSE);
    CHECK_EQ(errno_from_sock(SOCK_OP_LISTEN, CAP_ERR_EXISTS), EADDRINUSE);
    CHECK_EQ(errno_from_sock(SOCK_OP_OTHER, CAP_ERR_EXISTS), EEXIST);
    CHECK_EQ(errno_from_sock(SOCK_OP_CONNECT, CAP_ERR_UNAVAILABLE), ECONNREFUSED);
    CHECK_EQ(errno_from_sock(SOCK_OP_WRITE, CAP_ERR_UNAVAILABLE), ENETUNREACH);
    CHECK_EQ(errno_from_sock(SOCK_OP_CONNECT, CAP_ERR_TIMED_OUT), ETIMEDOUT);
    CHECK_EQ(errno_from_sock(SOCK_OP_READ, CAP_ERR_BROKEN), ECONNRESET);
    CHECK_EQ(errno_from_sock(SOCK_OP_WRITE, CAP_ERR_BROKEN), EPIPE);
    CHECK_EQ(errno_from_sock(SOCK_OP_CONNECT, CAP_ERR_BROKEN), ECONNREFUSED);
    CHECK_EQ(errno_from_sock(SOCK_OP_ACCEPT, CAP_ERR_BROKEN), ECONNABORTED);
    CHECK_EQ(errno_from_sock(SOCK_OP_ACCEPT, CAP_ERR_CANCELLED), ECONNABORTED);
    CHECK_EQ(errno_from_sock(SOCK_OP_READ, CAP_ERR_CANCELLED), EBADF);
    CHECK_EQ(errno_from_sock(SOCK_OP_READ, CAP_ERR_WOULD_BLOCK), EAGAIN);
    CHECK_EQ(errno_from_sock(SOCK_OP_READ, CAP_ERR_STALE_CAP), EBADF);
    for (int op = SOCK_OP_OTHER; op <= SOCK_OP_WRITE; op++)
        for (int e = 1; e <= CAP_ERR__COUNT; e++)
            CHECK(errno_from_sock((sock_op_t)op, (cap_err_t)e) > 0);

    CHECK(strcmp(syscall_name(0), "read") == 0);
    CHECK(strcmp(syscall_name(57), "fork") == 0);
    CHECK(strcmp(syscall_name(158), "arch_prctl") == 0);
    CHECK(strcmp(syscall_name(318), "getrandom") == 0);
    CHECK(strcmp(syscall_name(SYSCALL_NAMES_COUNT - 1), "landlock_restrict_self") == 0);
    CHECK(syscall_name(335) == NULL); /* a gap in the x86_64 numbering */
    CHECK(syscall_name(-1) == NULL);
    CHECK(syscall_name(SYSCALL_NAMES_COUNT) == NULL);
    CHECK(syscall_name(1L << 40) == NULL);
    return check_summary();
}
