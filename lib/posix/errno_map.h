/*
 * From capOS typed errors (cap_err_t) to Linux errno values. Pure: no capOS
 * calls.
 */
#ifndef POSIX_ERRNO_MAP_H
#define POSIX_ERRNO_MAP_H

#include "capos/abi.h"

/* The positive errno that reports e; 0 for CAP_OK, EIO for a value that is
 * no cap_err_t. */
int errno_from_cap(cap_err_t e);

#endif
