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

/* What a socket call asked the netstack when it failed: the same cap_err_t
 * means different things to bind, connect, read and write. */
typedef enum {
    SOCK_OP_OTHER = 0,
    SOCK_OP_BIND,    /* TcpListenAuthority.listen at bind(), UdpAuthority.open, UdpSocket.bind */
    SOCK_OP_LISTEN,  /* TcpListenAuthority.listen at listen() */
    SOCK_OP_ACCEPT,  /* TcpListener.accept, try_accept */
    SOCK_OP_CONNECT, /* TcpConnector.connect */
    SOCK_OP_READ,    /* TcpSocket.read, try_read; UdpSocket.receive_from */
    SOCK_OP_WRITE,   /* TcpSocket.write, try_write; UdpSocket.send_to */
} sock_op_t;

/* The positive errno a socket call reports for e (0 for CAP_OK):
 *   DENIED       EACCES (the CapSet grants no such port or connection)
 *   EXISTS       EADDRINUSE (bind, listen)
 *   UNAVAILABLE  ECONNREFUSED (connect), else ENETUNREACH
 *   TIMED_OUT    ETIMEDOUT
 *   BROKEN       ECONNRESET (read), EPIPE (write), ECONNREFUSED (connect),
 *                ECONNABORTED (accept)
 *   CANCELLED    ECONNABORTED (accept), EBADF (read, write: closed)
 *   WOULD_BLOCK  EAGAIN
 * and errno_from_cap(e) otherwise. */
int errno_from_sock(sock_op_t op, cap_err_t e);

#endif
