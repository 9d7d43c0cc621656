/*
 * broker: the AuthorityBroker service (see README.md). Glue only: builds
 * its environment from the CapSet, loads the profiles and serves.
 */
#include "broker.h"

/* The cap granted under name if it has the expected type, else CAP_NULL. */
static cap_t cap_named(const char *name, uint32_t type) {
    const capset_t *cs = rt_capset();
    for (uint32_t i = 0; i < cs->count && i < CAPSET_MAX_ENTRIES; i++)
        if (!strcmp(cs->entries[i].name, name))
            return cs->entries[i].type == type ? cs->entries[i].cap : CAP_NULL;
    return CAP_NULL;
}

/* True when cap's hold has every right in `rights` and at least `scope`. */
static bool hold_allows(cap_t cap, uint32_t rights, uint32_t scope) {
    cap_info_t ci;
    return cap_info(cap, &ci) == CAP_OK && (ci.rights & rights) == rights && ci.scope >= scope;
}

/* Every facet is derived from the receive hold (so it needs DERIVE and what
 * the facets carry, and cross-session scope), and bind_session needs DERIVE
 * on the spawner: refuse to start rather than fail every bundle later. */
static bool rights_ok(const broker_t *b) {
    uint32_t server_rights =
        CAP_RIGHT_RECV | CAP_RIGHT_DERIVE | CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER;
    if (!hold_allows(b->server, server_rights, CAP_SCOPE_CROSS_SESSION_SHAREABLE)) {
        rt_printf("broker: 'server' needs recv+derive+call+transfer and cross-session scope; "
                  "not serving\n");
        return false;
    }
    if (!hold_allows(b->spawner, CAP_RIGHT_CALL | CAP_RIGHT_DERIVE, CAP_SCOPE_SAME_SESSION)) {
        rt_printf("broker: 'spawner' needs call+derive (bind_session); not serving\n");
        return false;
    }
    return true;
}

static bool env_init(broker_t *b) {
    b->server = cap_named("server", CAP_TYPE_ENDPOINT);
    b->spawner = cap_named("spawner", CAP_TYPE_SPAWNER);
    b->system = cap_named("system", CAP_TYPE_BOOTPACKAGE);
    b->shutdown = cap_named("shutdown", CAP_TYPE_ENDPOINT);
    b->status = cap_named("status", CAP_TYPE_ENDPOINT);
    b->logs = cap_named("logs", CAP_TYPE_ENDPOINT);
    b->audit = cap_named("audit", CAP_TYPE_ENDPOINT);
    if (b->server == CAP_NULL || b->spawner == CAP_NULL || b->system == CAP_NULL) {
        rt_printf("broker: needs the caps 'server' (endpoint), 'spawner' (ProcessSpawner) and "
                  "'system' (file:system); not serving\n");
        return false;
    }
    if (!rights_ok(b))
        return false;
    b->held = (broker_held_t){.shutdown = b->shutdown != CAP_NULL,
                              .status = b->status != CAP_NULL,
                              .logs = b->logs != CAP_NULL};
    if (b->audit == CAP_NULL)
        rt_printf("broker: no 'audit' cap: decisions are not recorded\n");
    session_table_init(&b->table);
    return broker_load_manifest(b);
}

int main(void) {
    static broker_t b;
    if (!env_init(&b))
        return 1;
    rt_printf("broker: %u profile(s)%s; shutdown %s, status %s, logs %s; serving\n",
              b.sys.nprofiles, b.anonymous >= 0 ? " (anonymous declared)" : "",
              b.held.shutdown ? "held" : "absent", b.held.status ? "held" : "absent",
              b.held.logs ? "held" : "absent");
    return broker_serve(&b);
}
