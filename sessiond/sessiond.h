/*
 * sessiond: the SessionManager service (README.md). The environment it
 * builds from its CapSet, and the operations (service.c) over the pure
 * policy (session_policy.c).
 */
#ifndef SESSIOND_SESSIOND_H
#define SESSIOND_SESSIOND_H

#include "capos/rt.h"
#include "capos/idl/session_manager.h"
#include "session_policy.h"

typedef struct {
    cap_t server;      /* receive side; facets badged SESSIOND_FACET_* */
    cap_t creds;       /* CredentialStore, verifier facet */
    cap_t creds_setup; /* CredentialStore, setup facet (absent: no setup) */
    cap_t minter;      /* SessionMinter */
    cap_t broker;      /* AuthorityBroker, session-manager facet */
    cap_t audit;       /* AuditLog writer (absent: no records) */
    system_t sys;      /* profiles, the guest switch, authorized keys: file:system */
    sessiond_table_t sessions;
} sessiond_t;

extern const session_manager_server_ops_t sessiond_ops;

/* Records an audit event; a missing or failing audit log loses the record,
 * not the operation. */
void sessiond_audit(const sessiond_t *sd, uint32_t kind, uint32_t result, uint64_t subject,
                    const char *detail);

#endif
