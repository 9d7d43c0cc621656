/*
 * init's private lifecycle table: the services it started, in start order,
 * with their ProcessHandles and what became of them. Pure (no system
 * calls): the process operations come in as callbacks, so the shutdown
 * sequence is host-tested over synthetic tables (tests/host/system).
 */
#ifndef INIT_LIFECYCLE_H
#define INIT_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"

#define LC_MAX_SERVICES 32u
#define LC_NAME_FIELD 32u

typedef enum {
    LC_RUNNING = 0, /* started, no exit seen yet */
    LC_EXITED,      /* exited on its own (seen by poll or at shutdown) */
    LC_STOPPED,     /* terminated by shutdown and waited for */
    LC_LOST,        /* poll, terminate or wait failed: its fate is unknown */
} lc_state_t;

typedef struct {
    char name[LC_NAME_FIELD];
    cap_t handle;     /* ProcessHandle with CONTROL */
    uint32_t service; /* index in the manifest */
    lc_state_t state;
    int64_t code; /* exit code once EXITED or STOPPED */
} lc_entry_t;

typedef struct {
    lc_entry_t entries[LC_MAX_SERVICES]; /* start order */
    uint32_t count;
} lifecycle_t;

/* What happened to an entry, for the report callback. */
typedef enum {
    LC_EV_EXITED,         /* poll saw it exit while running */
    LC_EV_STOPPING,       /* shutdown is about to terminate it */
    LC_EV_STOPPED,        /* terminated and waited for; code set */
    LC_EV_ALREADY_EXITED, /* shutdown found it gone already; code set */
    LC_EV_FAILED,         /* terminate/wait/poll returned err */
} lc_event_t;

typedef struct {
    void *ctx;
    cap_err_t (*poll)(void *ctx, cap_t handle, bool *exited, int64_t *code);
    cap_err_t (*terminate)(void *ctx, cap_t handle);
    cap_err_t (*wait)(void *ctx, cap_t handle, int64_t *code);
    void (*report)(void *ctx, const lc_entry_t *e, lc_event_t ev, cap_err_t err);
} lifecycle_ops_t;

void lifecycle_init(lifecycle_t *lc);

/* Appends a running service (the next in start order); false when full or
 * the name does not fit (it is then not recorded). */
bool lifecycle_add(lifecycle_t *lc, const char *name, uint32_t service, cap_t handle);

/* Entries still RUNNING. */
uint32_t lifecycle_running(const lifecycle_t *lc);

/* The entry of manifest service index service, or NULL. */
const lc_entry_t *lifecycle_by_service(const lifecycle_t *lc, uint32_t service);

/* Polls every RUNNING entry once; each exit is recorded and reported once.
 * An entry whose poll fails is reported FAILED once and becomes LOST (it is
 * not counted as running, and shutdown leaves it alone). Returns how many
 * are still running. */
uint32_t lifecycle_poll(lifecycle_t *lc, const lifecycle_ops_t *ops);

/*
 * Stops every service in reverse start order: an entry already EXITED (or
 * found exited by a final poll) is reported ALREADY_EXITED; otherwise it is
 * reported STOPPING, terminated, waited for and reported STOPPED. When the
 * final poll, terminate or wait fails the entry becomes LOST (reported
 * FAILED) and the sequence goes on without waiting, so one stuck service
 * cannot hang shutdown. Returns the number of entries newly LOST.
 */
uint32_t lifecycle_shutdown(lifecycle_t *lc, const lifecycle_ops_t *ops);

#endif
