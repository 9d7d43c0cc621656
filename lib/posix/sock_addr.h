/*
 * AF_INET socket addresses: struct sockaddr_in to and from the netstack's
 * host-order address and port, and which addresses a socket may bind.
 * Pure: no capOS calls.
 */
#ifndef POSIX_SOCK_ADDR_H
#define POSIX_SOCK_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define SOCK_ADDR_ANY 0u
#define SOCK_ADDR_LOOPBACK 0x7f000001u
#define SOCK_ADDR_IS_LOOPBACK(a) (((a) >> 24) == 127u)

/* Reads an AF_INET address of len bytes: 0, -EINVAL (NULL, or shorter than
 * struct sockaddr_in), -EAFNOSUPPORT (another family). */
int sock_addr_get(const void *sa, socklen_t len, uint32_t *addr, uint32_t *port);

/* Whether sa (len bytes, at least its family) says AF_UNSPEC: connect()
 * with it dissolves a datagram socket's association. */
bool sock_addr_is_unspec(const void *sa, socklen_t len);

/* Writes addr:port as a struct sockaddr_in to sa, truncated to *len bytes
 * (as the kernel does), and sets *len to the full size. -EINVAL when *len is
 * negative as an int. sa may be NULL only with *len == 0. */
int sock_addr_put(uint32_t addr, uint32_t port, void *sa, socklen_t *len);

/* Whether a socket may bind addr: any, the loopback address, or the
 * interface's own address (own 0: not known). */
bool sock_addr_bindable(uint32_t addr, uint32_t own);

/* The address a connection or datagram to addr goes to. The netstack has
 * no loopback interface: traffic to its own address (own, 0 when not known)
 * never reaches the NIC, so "any" and 127.0.0.0/8 mean own, as "this host"
 * does on Linux. Without own they stay as given (and find nothing). */
uint32_t sock_addr_destination(uint32_t addr, uint32_t own);

#endif
