/*
 * Program events on the notification poll waits on (sock_wait.c). A program
 * that serves calls or watches processes while it polls sockets (an SSH
 * gateway serving its shells' terminals) has those sources signal bits
 * POSIX_EVENTS_PROGRAM_FIRST..63 of this notification (for instance with
 * Notification.watch_endpoint or ProcessHandle.watch). poll, select and
 * their variants then return as soon as such a bit arrives (0 when no
 * descriptor is ready), and the bits wait for posix_events_take.
 * Descriptors with those numbers still work as sockets, polled rather than
 * signalled.
 */
#ifndef CAPOS_POSIX_EVENTS_H
#define CAPOS_POSIX_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include "capos/abi.h"

#define POSIX_EVENTS_PROGRAM_FIRST 56u

/* The notification (made on first use from `memory`); CAP_NULL without one.
 * The program may use it (signal, watches) but must not wait on it. */
cap_t posix_events_notification(void);
/* The program bits signalled since the last call, cleared. */
uint64_t posix_events_take(void);
/* Whether program bits wait for posix_events_take. */
bool posix_events_pending(void);

#endif
