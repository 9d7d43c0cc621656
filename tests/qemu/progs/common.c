/* Scenario helpers and the entry point that picks the case by program name. */
#include "scenario.h"

int scenario_failures;

cap_err_t call_raw(cap_t ep, ipc_msg_t *msg, uint64_t label, const void *data, uint32_t len,
                   const ipc_cap_t *caps, uint32_t ncaps, uint32_t disclose) {
    memset(msg, 0, IPC_MSG_HEADER_BYTES);
    msg->label = label;
    msg->len = len;
    msg->ncaps = ncaps;
    msg->disclose = disclose;
    if (len)
        memcpy(msg->data, data, len);
    for (uint32_t i = 0; i < ncaps; i++)
        msg->caps[i] = caps[i];
    cap_err_t e = sys_call(ep, msg);
    return e != CAP_OK ? e : (cap_err_t)msg->label;
}

cap_err_t recv_one(cap_t ep, ipc_msg_t *msg, ipc_recv_info_t *info) {
    return sys_recv(ep, msg, info, 0);
}

cap_err_t reply_status(cap_t reply, cap_err_t status, const ipc_cap_t *caps, uint32_t ncaps) {
    static ipc_msg_t m;
    memset(&m, 0, IPC_MSG_HEADER_BYTES);
    m.label = status;
    m.ncaps = ncaps;
    for (uint32_t i = 0; i < ncaps; i++)
        m.caps[i] = caps[i];
    return sys_reply(reply, &m);
}

cap_t make_endpoint(uint32_t queue_limit, uint32_t scope) {
    cap_t ep = CAP_NULL;
    CHECK(memory_create_endpoint(rt_cap("memory"), scope, queue_limit, &ep) == CAP_OK);
    return ep;
}

cap_t client_facet(cap_t ep, uint32_t scope, uint32_t disclose, uint64_t badge) {
    cap_t c = CAP_NULL;
    CHECK(cap_derive(ep, CAP_CLIENT_RIGHTS, scope, disclose, badge, &c) == CAP_OK);
    return c;
}

cap_t make_notification(uint32_t scope) {
    cap_t n = CAP_NULL;
    CHECK(memory_create_notification(rt_cap("memory"), scope, &n) == CAP_OK);
    return n;
}

cap_t spawn_in_new_session(const char *peer, uint64_t ttl_ns, const rt_grant_t *g, uint32_t n,
                           cap_t *session_out) {
    cap_t session = CAP_NULL, launcher = CAP_NULL, proc = CAP_NULL;
    CHECK(session_minter_mint(rt_cap("session_minter"), PRINCIPAL_OPERATOR, 3, 1001, 2, ttl_ns,
                              &session) == CAP_OK);
    CHECK(process_spawner_bind_session(rt_cap("spawner"), session, &launcher) == CAP_OK);
    cap_err_t e = rt_spawn(launcher, peer, g, n, &proc);
    if (e != CAP_OK)
        rt_printf("spawn %s: %s\n", peer, rt_strerror(e));
    CHECK(e == CAP_OK);
    if (session_out)
        *session_out = session;
    return proc;
}

int64_t wait_child(cap_t process) {
    int64_t code = -1000;
    CHECK(process_handle_wait(process, &code) == CAP_OK);
    return code;
}

void sleep_ms(uint64_t ms) {
    CHECK(clock_sleep(rt_cap("clock"), ms * 1000000ull) == CAP_OK);
}

extern const scenario_t scenario_cases[], scenario_peers[];

static int run(const scenario_t *table, const char *name, const char *kind) {
    for (const scenario_t *s = table; s->name; s++) {
        if (strcmp(s->name, name))
            continue;
        int code = s->fn();
        if (!strcmp(kind, "case"))
            rt_printf("CASE %s: %s\n", name, scenario_failures || code ? "FAIL" : "PASS");
        return scenario_failures ? 100 + scenario_failures : code;
    }
    rt_printf("CHECK FAILED: no %s named '%s'\n", kind, name);
    return 99;
}

int main(void) {
    const char *prog = rt_program();
    if (!memcmp(prog, "case-", 5))
        return run(scenario_cases, prog + 5, "case");
    if (!memcmp(prog, "peer-", 5))
        return run(scenario_peers, prog + 5, "peer");
    rt_printf("CHECK FAILED: unexpected program name '%s'\n", prog);
    return 98;
}
