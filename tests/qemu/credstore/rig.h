/*
 * The test rig of the CredentialStore/AuditLog scenarios: this program runs
 * as init, creates the services' endpoints, spawns `audit` and `credstore`
 * with exact grants (the receive cap goes to the service, badged facets
 * stay here or go to the other service) and stops them at the end.
 */
#ifndef CS_RIG_H
#define CS_RIG_H

#include <stdbool.h>

#include "capos/rt.h"

#define RIG_AUDIT_PAGES 64u
#define RIG_CREDSTORE_PAGES 20480u /* 80 MiB: Argon2id's 64 MiB plus the heap */

typedef struct {
    cap_t audit_proc;
    cap_t audit_writer; /* AuditLog facet (badge 1), kept for tests */
    cap_t audit_grant;  /* another AuditLog facet, for credstore */
    cap_t audit_reader; /* LogReader facet (badge 2) */
    cap_t cred_proc;
    cap_t verifier; /* CredentialStore verifier facet (badge 1) */
    cap_t setup;    /* CredentialStore setup facet (badge 2) */
} rig_t;

typedef struct {
    bool entropy;     /* grant "entropy" */
    bool credentials; /* grant "file:credentials" */
} rig_credstore_opts_t;

/* Starts audit with exactly: server, clock, memory. */
cap_err_t rig_start_audit(rig_t *r);

/* Starts credstore with exactly: server, clock, console, audit (a writer
 * facet), memory, and entropy / file:credentials as opts say. */
cap_err_t rig_start_credstore(rig_t *r, rig_credstore_opts_t opts);

/* A client facet of ep with badge (CAP_BADGE_NONE: unbadged). */
cap_err_t rig_facet(cap_t ep, uint64_t badge, cap_t *out);

/* Terminates and waits for the services that were started. */
void rig_stop(rig_t *r);

#endif
