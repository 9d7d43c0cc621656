/*
 * netecho: the guest side of the networking tests. It checks the socket
 * capabilities' policy and loopback paths once (netecho_checks.c), then
 * echoes every TCP connection on its granted port until the test ends
 * (netecho.c). CapSet: console, clock, memory, net (a listen facet for
 * port 23), client (connect + UDP + resolve, no port). As
 * "netecho-blocking": console and net (a listen facet for port 22).
 */
#ifndef CAPOS_TESTS_NETECHO_H
#define CAPOS_TESTS_NETECHO_H

#include <stdbool.h>
#include "capos/abi.h"

#define NETECHO_PORT 23u
#define NETECHO_BLOCKING_PORT 22u

typedef struct {
    cap_t net;    /* authority facet: TCP port 23 */
    cap_t client; /* authority facet: connect, UDP, resolve */
    cap_t clock;
    cap_t memory;
} netecho_env_t;

/* Waits for the address configuration, then checks policy and loopback;
 * prints "netecho.NAME: RESULT" lines. Returns the own address (host
 * order), or 0 when a check failed (it printed "CHECK FAILED"). */
uint32_t netecho_checks(const netecho_env_t *env, cap_t listener);

#endif
