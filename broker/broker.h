/*
 * The AuthorityBroker service (see README.md): its environment, the context
 * of one call, and the glue modules that serve it. Policy lives in the pure
 * modules (bundle_policy, facet_badge, facet_route, session_table,
 * log_filter, audit_word); these files only make the calls.
 */
#ifndef BROKER_BROKER_H
#define BROKER_BROKER_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/idl/broker.h"
#include "capos/rt.h"
#include "capos/system_manifest.h"
#include "bundle_policy.h"
#include "facet_badge.h"
#include "session_table.h"

/* What init granted, by CapSet name, and the broker's state. Static: the
 * broker has no Memory capability. */
typedef struct {
    cap_t server;   /* receive side of the endpoint; every facet derives from it */
    cap_t spawner;  /* ProcessSpawner (with DERIVE): bind_session on admit */
    cap_t shutdown; /* init's ShutdownControl facet, or CAP_NULL */
    cap_t status;   /* init's SystemStatus facet, or CAP_NULL */
    cap_t logs;     /* audit's LogReader facet, or CAP_NULL */
    cap_t audit;    /* audit's AuditLog writer facet, or CAP_NULL */
    cap_t system;   /* file:system, the compiled manifest */
    broker_held_t held;
    int32_t anonymous; /* index of the "anonymous" profile, or -1 */
    system_t sys;
    session_table_t table;
} broker_t;

/* One call being served: what routing found, and the capabilities the call
 * kept (received ones stored or moved on; every other received cap is
 * released) and made (derived or received for the reply; released if the
 * reply does not carry them away). */
typedef struct {
    broker_t *b;
    facet_badge_t facet;          /* issued facets */
    session_entry_t *entry;       /* issued facet of a session; NULL when anonymous */
    const sys_profile_t *profile; /* issued facet's profile; NULL: anonymous, no manifest line */
    uint32_t nkept, nmade;
    cap_t kept[IPC_MAX_CAPS];
    cap_t made[IPC_MAX_CAPS];
} broker_call_t;

/* manifest_load.c: reads and decodes the system image from b->system and
 * finds the anonymous profile; prints why and returns false on failure. */
bool broker_load_manifest(broker_t *b);

/* serve.c: the receive loop; returns only when receiving fails. */
int broker_serve(broker_t *b);
void broker_keep(broker_call_t *call, cap_t cap);
void broker_made(broker_call_t *call, cap_t cap);

/* admission.c / bundles.c: the two facets init grants. */
extern const authority_broker_server_ops_t broker_sessiond_ops;
extern const authority_broker_server_ops_t broker_shell_ops;

/* issued.c: a call through a facet of a bundle (call->facet decoded). */
cap_err_t broker_issued_call(broker_call_t *call, const ipc_msg_t *req, ipc_msg_t *rep);

/* session_caps.c */
/* Session.info of a kernel Session hold; BAD_ARGS for a cap that is not
 * one (or lacks BIND when need_bind), so the broker never calls into an
 * endpoint a caller passed off as a session. */
cap_err_t broker_session_info(cap_t session, bool need_bind, uint32_t *live, uint64_t *serial);
/* Frees the entry in slot: releases its caps, bumps its generation and
 * records session_ended with the code word why. */
void broker_forget(broker_t *b, uint32_t slot, const char *why);
/* A free slot for serial; full tables are garbage-collected first (stale
 * sessions are forgotten as "expired"). */
cap_err_t broker_reserve(broker_t *b, uint64_t serial, uint32_t *slot);
/* True when the entry's session is still live (Session.info). */
bool broker_entry_live(const session_entry_t *e);

/* audit_out.c: one record, if the broker holds an audit facet. */
void broker_audit(const broker_t *b, uint32_t kind, uint32_t result, uint64_t subject,
                  const char *detail);

#endif
