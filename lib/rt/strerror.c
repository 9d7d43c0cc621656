/* Names of capability errors, for messages (also linked into lib/posix). */
#include "capos/rt.h"

static const char *const err_names[CAP_ERR__COUNT] = {
    [CAP_OK] = "OK",
    [CAP_ERR_INVALID_CAP] = "INVALID_CAP",
    [CAP_ERR_STALE_CAP] = "STALE_CAP",
    [CAP_ERR_WRONG_TYPE] = "WRONG_TYPE",
    [CAP_ERR_NO_RIGHTS] = "NO_RIGHTS",
    [CAP_ERR_BAD_METHOD] = "BAD_METHOD",
    [CAP_ERR_BAD_ARGS] = "BAD_ARGS",
    [CAP_ERR_NO_MEMORY] = "NO_MEMORY",
    [CAP_ERR_NO_SLOTS] = "NO_SLOTS",
    [CAP_ERR_QUEUE_FULL] = "QUEUE_FULL",
    [CAP_ERR_BROKEN] = "BROKEN",
    [CAP_ERR_SESSION_STALE] = "SESSION_STALE",
    [CAP_ERR_SCOPE_DENIED] = "SCOPE_DENIED",
    [CAP_ERR_NOT_FOUND] = "NOT_FOUND",
    [CAP_ERR_NO_ENTROPY] = "NO_ENTROPY",
    [CAP_ERR_WOULD_BLOCK] = "WOULD_BLOCK",
    [CAP_ERR_BAD_ADDRESS] = "BAD_ADDRESS",
    [CAP_ERR_EXISTS] = "EXISTS",
    [CAP_ERR_BAD_ELF] = "BAD_ELF",
    [CAP_ERR_NOT_SUPPORTED] = "NOT_SUPPORTED",
    [CAP_ERR_TIMED_OUT] = "TIMED_OUT",
    [CAP_ERR_CANCELLED] = "CANCELLED",
    [CAP_ERR_DENIED] = "DENIED",
    [CAP_ERR_UNAVAILABLE] = "UNAVAILABLE",
};

const char *rt_strerror(cap_err_t e) {
    return (unsigned)e < CAP_ERR__COUNT && err_names[e] ? err_names[e] : "UNKNOWN_ERROR";
}
