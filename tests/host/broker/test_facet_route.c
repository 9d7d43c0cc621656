/* Routing by badge and label: each init-granted facet its own methods,
 * each issued facet its own interface, everything else refused. */
#include "capos/idl/audit.h"
#include "capos/idl/broker.h"
#include "capos/idl/process.h"
#include "capos/idl/shutdown.h"
#include "capos/idl/spawner.h"
#include "capos/idl/system_status.h"
#include "check.h"
#include "facet_route.h"

#define AB(m) IPC_LABEL(AUTHORITY_BROKER_IFACE_ID, m)
#define SPAWN IPC_LABEL(PROCESS_SPAWNER_IFACE_ID, PROCESS_SPAWNER_SPAWN)
#define BIND IPC_LABEL(PROCESS_SPAWNER_IFACE_ID, PROCESS_SPAWNER_BIND_SESSION)
#define SHUTDOWN IPC_LABEL(SHUTDOWN_CONTROL_IFACE_ID, SHUTDOWN_CONTROL_SHUTDOWN)
#define STATUS IPC_LABEL(SYSTEM_STATUS_IFACE_ID, SYSTEM_STATUS_SERVICE)
#define READ IPC_LABEL(LOG_READER_IFACE_ID, LOG_READER_READ)
#define WHOAMI IPC_LABEL(SESSION_SELF_IFACE_ID, SESSION_SELF_WHOAMI)

static cap_err_t route(uint64_t badge, uint64_t label, facet_route_t *r) {
    facet_badge_t fb;
    return facet_route(badge, label, r, &fb);
}

static void test_init_facets(void) {
    facet_route_t r = 0;
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(AUTHORITY_BROKER_SHELL_BUNDLE), &r), CAP_OK);
    CHECK_EQ(r, ROUTE_SHELL);
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(AUTHORITY_BROKER_ANONYMOUS_BUNDLE), &r), CAP_OK);
    CHECK_EQ(r, ROUTE_SHELL);
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(AUTHORITY_BROKER_ADMIT), &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(AUTHORITY_BROKER_RETIRE), &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, AB(AUTHORITY_BROKER_ADMIT), &r), CAP_OK);
    CHECK_EQ(r, ROUTE_SESSIOND);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, AB(AUTHORITY_BROKER_RETIRE), &r), CAP_OK);
    CHECK_EQ(r, ROUTE_SESSIOND);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, AB(AUTHORITY_BROKER_SHELL_BUNDLE), &r),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, AB(AUTHORITY_BROKER_ANONYMOUS_BUNDLE), &r),
             CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(4), &r), CAP_ERR_BAD_METHOD);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, AB(0xffff), &r), CAP_ERR_BAD_METHOD);
    /* The issued interfaces are not the init facets' either. */
    CHECK_EQ(route(BROKER_BADGE_SHELL, WHOAMI, &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SHELL, SPAWN, &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(BROKER_BADGE_SESSIOND, SHUTDOWN, &r), CAP_ERR_NO_RIGHTS);
}

static void test_unknown_badges(void) {
    facet_route_t r = 0;
    CHECK_EQ(route(CAP_BADGE_NONE, AB(AUTHORITY_BROKER_SHELL_BUNDLE), &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(CAP_BADGE_NONE, AB(AUTHORITY_BROKER_ADMIT), &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(3, AB(AUTHORITY_BROKER_ADMIT), &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(0xff, WHOAMI, &r), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(route(0x100, WHOAMI, &r), CAP_ERR_NO_RIGHTS);
    uint64_t forged = facet_badge_encode(FACET_SELF, 1, 1) ^ (1ull << 60);
    CHECK_EQ(route(forged, WHOAMI, &r), CAP_ERR_NO_RIGHTS);
    /* Interfaces the broker does not serve at all. */
    CHECK_EQ(route(BROKER_BADGE_SHELL, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0), &r), CAP_ERR_BAD_METHOD);
    CHECK_EQ(route(BROKER_BADGE_SHELL, IPC_LABEL(PROCESS_HANDLE_IFACE_ID, 0), &r),
             CAP_ERR_BAD_METHOD);
    CHECK_EQ(route(BROKER_BADGE_SHELL, IPC_LABEL_NOTIFY, &r), CAP_ERR_BAD_METHOD);
    CHECK_EQ(route(BROKER_BADGE_SHELL, AB(0) | (1ull << 48), &r), CAP_ERR_BAD_METHOD);
}

static void test_issued(void) {
    facet_route_t r = 0;
    facet_badge_t fb = {0};
    uint64_t badge = facet_badge_encode(FACET_LOGS, 12, 34);
    CHECK_EQ(facet_route(badge, READ, &r, &fb), CAP_OK);
    CHECK_EQ(r, ROUTE_ISSUED);
    CHECK_EQ(fb.kind, FACET_LOGS);
    CHECK_EQ(fb.slot, 12);
    CHECK_EQ(fb.gen, 34);

    CHECK_EQ(facet_route_iface(FACET_LAUNCHER, SPAWN), CAP_OK);
    CHECK_EQ(facet_route_iface(FACET_LAUNCHER, BIND), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_LAUNCHER, SHUTDOWN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_SHUTDOWN, SHUTDOWN), CAP_OK);
    CHECK_EQ(facet_route_iface(FACET_SHUTDOWN, STATUS), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_STATUS, STATUS), CAP_OK);
    CHECK_EQ(facet_route_iface(FACET_STATUS, SHUTDOWN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_LOGS, READ), CAP_OK);
    CHECK_EQ(facet_route_iface(FACET_LOGS, SPAWN), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_SELF, WHOAMI), CAP_OK);
    CHECK_EQ(facet_route_iface(FACET_SELF, AB(AUTHORITY_BROKER_ADMIT)), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_SELF, AB(AUTHORITY_BROKER_SHELL_BUNDLE)), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET_LOGS, IPC_LABEL(AUDIT_LOG_IFACE_ID, 0)), CAP_ERR_BAD_METHOD);
    CHECK_EQ(facet_route_iface((facet_kind_t)0, WHOAMI), CAP_ERR_NO_RIGHTS);
    CHECK_EQ(facet_route_iface(FACET__END, WHOAMI), CAP_ERR_NO_RIGHTS);
}

int main(void) {
    test_init_facets();
    test_unknown_badges();
    test_issued();
    return check_summary();
}
