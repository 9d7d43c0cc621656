/* Peer roles started by the scenario drivers as "peer-<role>". */
#include "scenario.h"

static ipc_msg_t msg;
static const char spoof[] = "user=root session=1 role=admin principal=system";

static int scope(void) {
    cap_t server = rt_cap("server");
    cap_t local = make_notification(CAP_SCOPE_SAME_SESSION);
    cap_t regrant = make_notification(CAP_SCOPE_SERVICE_REGRANT_ONLY);
    cap_t shared = make_notification(CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    ipc_cap_t c = {local, IPC_CAP_COPY};
    EXPECT_ERR("same_session_transfer.same_session", call_raw(server, &msg, 1, 0, 0, &c, 1, 0),
               CAP_ERR_SCOPE_DENIED);
    c.cap = regrant;
    EXPECT_ERR("same_session_transfer.service_regrant_only",
               call_raw(server, &msg, 1, 0, 0, &c, 1, 0), CAP_ERR_SCOPE_DENIED);
    c = (ipc_cap_t){shared, IPC_CAP_MOVE};
    EXPECT_ERR("same_session_transfer.cross_session_shareable",
               call_raw(server, &msg, 1, 0, 0, &c, 1, 0), CAP_OK);
    cap_info_t ci;
    CHECK(cap_info(local, &ci) == CAP_OK); /* denied copies stay with us */
    return 0;
}

static int spoof_calls(void) {
    cap_t plain = rt_cap("plain"), disclosing = rt_cap("disclosing");
    uint32_t len = sizeof(spoof) - 1;
    CHECK(call_raw(plain, &msg, 1, spoof, len, 0, 0, 0) == CAP_OK);
    CHECK(call_raw(plain, &msg, 1, spoof, len, 0, 0, DISCLOSE_ALL) == CAP_OK);
    CHECK(call_raw(disclosing, &msg, 1, spoof, len, 0, 0,
                   DISCLOSE_PRINCIPAL_CLASS | DISCLOSE_PRINCIPAL_ID) == CAP_OK);
    CHECK(call_raw(disclosing, &msg, 1, spoof, len, 0, 0, 0) == CAP_OK);
    CHECK(call_raw(rt_cap("other"), &msg, 1, spoof, len, 0, 0, 0) == CAP_OK);
    return 0;
}

static int caller(void) {
    return (int)call_raw(rt_cap("server"), &msg, 1, "hi", 2, 0, 0, 0);
}

static int inherit(void) {
    cap_t server = rt_cap("server"), launcher, child = CAP_NULL;
    CHECK(call_raw(server, &msg, 1, 0, 0, 0, 0, 0) == CAP_OK);
    EXPECT_ERR("session_inherit.bind_without_right",
               process_spawner_bind_session(rt_cap("spawner"), rt_cap("session"), &launcher),
               CAP_ERR_NO_RIGHTS);
    rt_grant_t g[] = {{"server", server, IPC_CAP_COPY},
                      {"console", rt_cap("console"), IPC_CAP_COPY}};
    CHECK(rt_spawn(rt_cap("spawner"), "peer-caller", g, 2, &child) == CAP_OK);
    int64_t code = -1;
    CHECK(process_handle_wait(child, &code) == CAP_OK && code == 0);
    return 0;
}

static int idle(void) {
    return 0;
}

static int capset_exact(void) {
    const capset_t *cs = rt_capset(); /* no console granted: the exit code reports */
    return cs->count == 1 && !strcmp(cs->entries[0].name, "only") && rt_cap("memory") == CAP_NULL &&
                   rt_cap("spawner") == CAP_NULL
               ? 0
               : 1;
}

static int expiry(void) {
    cap_t server = rt_cap("server");
    EXPECT_ERR("expired_session.before_expiry", call_raw(server, &msg, 1, 0, 0, 0, 0, 0), CAP_OK);
    CHECK(clock_sleep(rt_cap("clock"), 500000000ull) == CAP_OK);
    EXPECT_ERR("expired_session.after_expiry", call_raw(server, &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_SESSION_STALE);
    return 0;
}

static int revoked(void) {
    cap_t server = rt_cap("server");
    EXPECT_ERR("expired_session.before_revoke", call_raw(server, &msg, 1, 0, 0, 0, 0, 0), CAP_OK);
    EXPECT_ERR("expired_session.after_revoke", call_raw(server, &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_SESSION_STALE);
    return 0;
}

static int hoarder(void) {
    cap_t filler;
    uint32_t n = 0;
    while (cap_derive(rt_cap("console"), CAP_RIGHT_CALL, 0, 0, 0, &filler) == CAP_OK)
        n++;
    rt_printf("hoarder: filled %u slots\n", n);
    CHECK(notification_signal(rt_cap("ready"), 1) == CAP_OK);
    ipc_recv_info_t info;
    cap_err_t e = sys_recv(rt_cap("server"), &msg, &info, 0); /* never returns: terminated */
    rt_printf("hoarder: recv returned %s\n", rt_strerror(e));
    return 1;
}

static int drop_reply(void) {
    ipc_recv_info_t info;
    CHECK(sys_recv(rt_cap("server"), &msg, &info, 0) == CAP_OK);
    CHECK(cap_release(info.reply) == CAP_OK); /* drop the first call unanswered */
    CHECK(sys_recv(rt_cap("server"), &msg, &info, 0) == CAP_OK);
    return 0; /* exit holding the second call's reply */
}

static int shm(void) {
    CHECK(shared_memory_map(rt_cap("shm"), 0x60000000ull, MAP_PROT_READ | MAP_PROT_WRITE) ==
          CAP_OK);
    char *buf = (char *)0x60000000ull;
    CHECK(!memcmp(buf, "ping", 5));
    memcpy(buf + 4096, "pong", 5);
    return 0;
}

/* Floating point and the thread pointer survive preemption and switches:
 * each instance works with its own values while yielding between steps. */
static int fpu_tls(void) {
    static uint64_t tls_block[4];
    uint64_t id = rt_rdtsc();
    tls_block[0] = id;
    CHECK(sys_set_tls((uint64_t)tls_block) == CAP_OK);
    volatile double acc = 0.0, step = (double)(id % 1000) + 0.5;
    for (int i = 0; i < 2000; i++) {
        acc += step;
        if (i % 100 == 0)
            sys_yield();
    }
    uint64_t seen;
    __asm__ volatile("mov %%fs:0, %0" : "=r"(seen));
    CHECK(seen == id);
    CHECK(acc == step * 2000.0);
    return scenario_failures ? 1 : 0;
}

static int crash(void) {
    volatile uint64_t addr = 8; /* an unmapped page, hidden from the optimiser */
    return *(volatile int *)addr;
}

const scenario_t scenario_peers[] = {
    {"scope", scope},
    {"spoof", spoof_calls},
    {"caller", caller},
    {"idle", idle},
    {"inherit", inherit},
    {"capset_exact", capset_exact},
    {"expiry", expiry},
    {"revoked", revoked},
    {"hoarder", hoarder},
    {"drop_reply", drop_reply},
    {"shm", shm},
    {"crash", crash},
    {"fpu_tls", fpu_tls},
    {"signaller", peer_signaller},
    {"timed_waiter", peer_timed_waiter},
    {"linger", peer_linger},
    {"hold", peer_hold},
    {0, 0},
};
