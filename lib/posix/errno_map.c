/* cap_err_t -> errno. Invalid or stale handles become EBADF (a handle is the
 * nearest thing to a descriptor), quota exhaustion ENOMEM, a full capability
 * table EMFILE, a broken endpoint EPIPE, refusals by rights, scope, session
 * or policy EACCES/EPERM. */
#include <errno.h>

#include "errno_map.h"

static const unsigned char errnos[CAP_ERR__COUNT] = {
    [CAP_OK] = 0,
    [CAP_ERR_INVALID_CAP] = EBADF,
    [CAP_ERR_STALE_CAP] = EBADF,
    [CAP_ERR_WRONG_TYPE] = EINVAL,
    [CAP_ERR_NO_RIGHTS] = EACCES,
    [CAP_ERR_BAD_METHOD] = ENOSYS,
    [CAP_ERR_BAD_ARGS] = EINVAL,
    [CAP_ERR_NO_MEMORY] = ENOMEM,
    [CAP_ERR_NO_SLOTS] = EMFILE,
    [CAP_ERR_QUEUE_FULL] = EAGAIN,
    [CAP_ERR_BROKEN] = EPIPE,
    [CAP_ERR_SESSION_STALE] = EACCES,
    [CAP_ERR_SCOPE_DENIED] = EPERM,
    [CAP_ERR_NOT_FOUND] = ENOENT,
    [CAP_ERR_NO_ENTROPY] = EIO,
    [CAP_ERR_WOULD_BLOCK] = EAGAIN,
    [CAP_ERR_BAD_ADDRESS] = EFAULT,
    [CAP_ERR_EXISTS] = EEXIST,
    [CAP_ERR_BAD_ELF] = ENOEXEC,
    [CAP_ERR_NOT_SUPPORTED] = EOPNOTSUPP,
    [CAP_ERR_TIMED_OUT] = ETIMEDOUT,
    [CAP_ERR_CANCELLED] = ECANCELED,
    [CAP_ERR_DENIED] = EPERM,
    [CAP_ERR_UNAVAILABLE] = EAGAIN,
};

int errno_from_cap(cap_err_t e) {
    if ((unsigned)e >= CAP_ERR__COUNT)
        return EIO;
    return errnos[e];
}

static int errno_from_broken(sock_op_t op) {
    switch (op) {
    case SOCK_OP_READ:
        return ECONNRESET;
    case SOCK_OP_CONNECT:
        return ECONNREFUSED;
    case SOCK_OP_ACCEPT:
        return ECONNABORTED;
    default:
        return EPIPE;
    }
}

int errno_from_sock(sock_op_t op, cap_err_t e) {
    switch (e) {
    case CAP_ERR_DENIED:
        return EACCES;
    case CAP_ERR_EXISTS:
        return op == SOCK_OP_BIND || op == SOCK_OP_LISTEN ? EADDRINUSE : EEXIST;
    case CAP_ERR_UNAVAILABLE:
        return op == SOCK_OP_CONNECT ? ECONNREFUSED : ENETUNREACH;
    case CAP_ERR_BROKEN:
        return errno_from_broken(op);
    case CAP_ERR_CANCELLED:
        return op == SOCK_OP_ACCEPT ? ECONNABORTED : EBADF;
    default:
        return errno_from_cap(e);
    }
}
