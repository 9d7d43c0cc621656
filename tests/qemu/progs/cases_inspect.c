/* SystemInspect.counts follows processes, live sessions, endpoints and
 * notifications as they come and go. */
#include "scenario.h"

typedef struct {
    uint32_t processes, sessions, endpoints, notifications;
} counts_t;

static counts_t counts(void) {
    counts_t c = {0};
    CHECK(system_inspect_counts(rt_cap("inspect"), &c.processes, &c.sessions, &c.endpoints,
                                &c.notifications) == CAP_OK);
    return c;
}

static void show(const char *what, counts_t c) {
    rt_printf("inspect.%s: processes=%u sessions=%u endpoints=%u notifications=%u\n", what,
              c.processes, c.sessions, c.endpoints, c.notifications);
}

static bool same(counts_t a, counts_t b) {
    return a.processes == b.processes && a.sessions == b.sessions && a.endpoints == b.endpoints &&
           a.notifications == b.notifications;
}

static void objects(counts_t base) {
    cap_t ep = make_endpoint(2, CAP_SCOPE_SAME_SESSION);
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION), facet = client_facet(ep, 0, 0, 5);
    counts_t c = counts();
    show("with_endpoint_and_notification", c);
    CHECK(c.endpoints == base.endpoints + 1 && c.notifications == base.notifications + 1);
    CHECK(cap_release(ep) == CAP_OK && cap_release(n) == CAP_OK);
    CHECK(counts().endpoints == base.endpoints + 1); /* the client facet keeps it */
    CHECK(cap_release(facet) == CAP_OK);
    c = counts();
    show("released", c);
    CHECK(same(c, base));
}

/* A child blocked on a notification until we let it go. */
static void processes(counts_t base) {
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION), child = CAP_NULL;
    rt_grant_t g[] = {{"n", n, IPC_CAP_COPY}};
    CHECK(rt_spawn(rt_cap("spawner"), "peer-hold", g, 1, &child) == CAP_OK);
    counts_t c = counts();
    show("child_running", c);
    CHECK(c.processes == base.processes + 1);
    CHECK(notification_signal(n, 1) == CAP_OK);
    CHECK(wait_child(child) == 0);
    c = counts();
    show("child_exited", c);
    CHECK(c.processes == base.processes); /* the handle we hold is no process */
    CHECK(cap_release(child) == CAP_OK && cap_release(n) == CAP_OK);
    CHECK(same(counts(), base));
}

static void sessions(counts_t base) {
    cap_t s = CAP_NULL, brief = CAP_NULL;
    CHECK(session_minter_mint(rt_cap("session_minter"), PRINCIPAL_OPERATOR, 3, 1001, 2, 0, &s) ==
          CAP_OK);
    counts_t c = counts();
    show("session_minted", c);
    CHECK(c.sessions == base.sessions + 1);
    CHECK(session_revoke(s) == CAP_OK);
    c = counts();
    show("session_revoked", c);
    CHECK(c.sessions == base.sessions); /* it exists, but is no longer live */
    CHECK(cap_release(s) == CAP_OK);
    CHECK(session_minter_mint(rt_cap("session_minter"), PRINCIPAL_GUEST, 1, 7, 1, 50000000ull,
                              &brief) == CAP_OK);
    CHECK(counts().sessions == base.sessions + 1);
    sleep_ms(100);
    c = counts();
    show("session_expired", c);
    CHECK(c.sessions == base.sessions);
    CHECK(cap_release(brief) == CAP_OK);
}

int case_inspect(void) {
    counts_t base = counts();
    show("initial", base);
    CHECK(base.processes == 1 && base.sessions == 1); /* this case as init, the system session */
    CHECK(base.endpoints == 0 && base.notifications == 0);
    objects(base);
    processes(base);
    sessions(base);
    static ipc_msg_t msg;
    EXPECT_ERR(
        "inspect.unknown_method",
        call_raw(rt_cap("inspect"), &msg, IPC_LABEL(SYSTEM_INSPECT_IFACE_ID, 2), 0, 0, 0, 0, 0),
        CAP_ERR_BAD_METHOD);
    uint64_t free_frames = 0;
    CHECK(system_inspect_memory(rt_cap("inspect"), &free_frames) == CAP_OK && free_frames > 0);
    cap_t weak = CAP_NULL;
    uint32_t p, s, e, n;
    CHECK(cap_derive(rt_cap("inspect"), CAP_RIGHT_TRANSFER, 0, 0, 0, &weak) == CAP_OK);
    EXPECT_ERR("inspect.needs_call", system_inspect_counts(weak, &p, &s, &e, &n),
               CAP_ERR_NO_RIGHTS);
    return 0;
}

/* peer-hold: waits on "n", then exits 0. */
int peer_hold(void) {
    uint64_t bits = 0;
    return notification_wait(rt_cap("n"), &bits) == CAP_OK ? 0 : 1;
}
