/*
 * init's pieces (see README.md): main.c builds the environment from the
 * CapSet the kernel gave init; package.c indexes the boot package and loads
 * the system manifest; start.c and grants.c start the services with exactly
 * their declared grants; supervise.c serves ShutdownControl and watches
 * for exits; shutdown.c stops everything in reverse start order.
 */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include "capos/rt.h"
#include "capos/service_graph.h"
#include "capos/system_image.h"
#include "lifecycle.h"

#define INIT_MAX_ROOTS 16u
#define INIT_MAX_ENTRIES 128u /* BOOTPKG_MAX_ENTRIES */
#define INIT_ENTRY_FIELD 48u  /* BootPackage.entry name: string<48> */
#define INIT_EXPORT_QUEUE                                                                          \
    128u                         /* calls queued per exported endpoint: every shell of a busy      \
                                  * gateway may be calling the netstack at once */
#define INIT_CONTROL_QUEUE 4u    /* calls queued on ShutdownControl */
#define INIT_TICK_NS 20000000ull /* supervision poll period: 20 ms */
/* Badge bit of SystemStatus facets on the control endpoint (ShutdownControl
 * facets are badged with the holder's manifest index + 1 alone). */
#define INIT_STATUS_BADGE (1ull << 32)

/* init's root capabilities, by CapSet name. */
typedef struct {
    uint32_t nroots;
    struct {
        const char *name;
        cap_t cap;
    } roots[INIT_MAX_ROOTS];
    cap_t bootpackage, spawner, memory, clock; /* the ones init itself uses */
} init_env_t;

typedef struct {
    const init_env_t *env;
    /* the boot package's entries, read once */
    uint32_t nentries;
    char entries[INIT_MAX_ENTRIES][INIT_ENTRY_FIELD + 1];
    uint64_t entry_sizes[INIT_MAX_ENTRIES];
    /* the manifest and its start order */
    system_t sys;
    sg_result_t graph;
    /* per service export: the endpoint (moved to the provider at its
     * spawn) and init's RECV-less copy for deriving client facets (released
     * once every service has started) */
    cap_t exports[SYS_MAX_SERVICES][SYS_MAX_EXPORTS];
    cap_t export_masters[SYS_MAX_SERVICES][SYS_MAX_EXPORTS];
    cap_t control;        /* ShutdownControl, receive side */
    cap_t control_master; /* for deriving shutdown facets, released after start */
    lifecycle_t lc;
} init_state_t;

/* package.c */
cap_t init_root(const init_env_t *env, const char *name);
int32_t init_entry_index(const init_state_t *st, const char *name);
/* Indexes the package, loads and checks "system"; prints why and returns
 * false when init must refuse to boot. */
bool init_load_system(init_state_t *st);

/* grants.c: the capability for grant g of service svc, ready to move. */
cap_err_t init_make_grant(init_state_t *st, uint32_t svc, const sys_grant_t *g, cap_t *out);

/* start.c: creates every endpoint, then spawns the services in order; false
 * (after a message) when one cannot be started. */
bool init_start_services(init_state_t *st);
/* Releases whatever start.c still holds for services not yet spawned. */
void init_release_start_caps(init_state_t *st);

/* supervise.c: serves ShutdownControl and polls for exits until shutdown is
 * requested (*reply = the requester's reply cap) or no service is left
 * (*reply = CAP_NULL). */
void init_supervise(init_state_t *st, cap_t *reply);

/* shutdown.c: the lifecycle callbacks over ProcessHandle, printing each
 * step as "init: ..." */
void init_lifecycle_ops(init_state_t *st, lifecycle_ops_t *ops);
/* shutdown.c: stops every service in reverse start order, answers the
 * requester (if any and still alive), releases everything. Returns init's
 * exit code. */
int init_shutdown(init_state_t *st, cap_t reply);

#endif
