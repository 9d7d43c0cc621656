/* The scenario drivers: each runs as init under the name "case-<name>". */
#include "scenario.h"

static ipc_msg_t msg;

static int forged_cap(void) {
    cap_t console = rt_cap("console");
    EXPECT_ERR("forged_cap.never_issued", call_raw(CAP_HANDLE(200, 1), &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_INVALID_CAP);
    EXPECT_ERR("forged_cap.out_of_range", call_raw(CAP_HANDLE(4000, 1), &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_INVALID_CAP);
    cap_t future = CAP_HANDLE(CAP_HANDLE_SLOT(console), CAP_HANDLE_GEN(console) + 5);
    EXPECT_ERR("forged_cap.future_generation", console_write(future, (const uint8_t *)"x", 1),
               CAP_ERR_INVALID_CAP);
    cap_t d;
    EXPECT_ERR("forged_cap.derive", cap_derive(CAP_HANDLE(202, 3), CAP_RIGHT_CALL, 0, 0, 0, &d),
               CAP_ERR_INVALID_CAP);
    ipc_recv_info_t info;
    EXPECT_ERR("forged_cap.recv", sys_recv(CAP_HANDLE(203, 1), &msg, &info, RECV_NONBLOCK),
               CAP_ERR_INVALID_CAP);
    EXPECT_ERR("forged_cap.unmapped_message", sys_call(console, (ipc_msg_t *)0xdead0000ull),
               CAP_ERR_BAD_ADDRESS);
    EXPECT_ERR("forged_cap.kernel_pointer", sys_call(console, (ipc_msg_t *)0xffffffff80100000ull),
               CAP_ERR_BAD_ADDRESS);
    EXPECT_ERR("forged_cap.real_cap_still_works", console_write(console, (const uint8_t *)"", 0),
               CAP_OK);
    return 0;
}

static int stale_generation(void) {
    cap_t console = rt_cap("console"), a, b;
    CHECK(cap_derive(console, CAP_RIGHT_CALL, 0, 0, 0, &a) == CAP_OK);
    CHECK(cap_release(a) == CAP_OK);
    CHECK(cap_derive(console, CAP_RIGHT_CALL, 0, 0, 0, &b) == CAP_OK);
    rt_printf("stale_generation: slot %u reused, generation %u -> %u\n", CAP_HANDLE_SLOT(a),
              CAP_HANDLE_GEN(a), CAP_HANDLE_GEN(b));
    CHECK(CAP_HANDLE_SLOT(a) == CAP_HANDLE_SLOT(b) && a != b);
    EXPECT_ERR("stale_generation.old_handle", console_write(a, (const uint8_t *)"", 0),
               CAP_ERR_STALE_CAP);
    EXPECT_ERR("stale_generation.release_again", cap_release(a), CAP_ERR_STALE_CAP);
    EXPECT_ERR("stale_generation.new_handle", console_write(b, (const uint8_t *)"", 0), CAP_OK);
    return 0;
}

/* Serve one call whose single cap must be a shareable notification. */
static void expect_shareable_notification(cap_t ep) {
    ipc_recv_info_t info;
    CHECK(recv_one(ep, &msg, &info) == CAP_OK);
    cap_info_t ci = {0};
    CHECK(msg.ncaps == 1 && cap_info(msg.caps[0].cap, &ci) == CAP_OK);
    CHECK(ci.type == CAP_TYPE_NOTIFICATION && ci.scope == CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    CHECK(notification_signal(msg.caps[0].cap, 1) == CAP_OK); /* usable in our session */
    CHECK(reply_status(info.reply, CAP_OK, 0, 0) == CAP_OK);
}

static int same_session_transfer(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE), pool;
    CHECK(memory_split(rt_cap("memory"), 64, &pool) == CAP_OK);
    rt_grant_t g[] = {
        {"server", client_facet(ep, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 1), IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
        {"memory", pool, IPC_CAP_MOVE},
    };
    cap_t child = spawn_in_new_session("peer-scope", 0, g, 3, NULL);
    expect_shareable_notification(ep);
    CHECK(wait_child(child) == 0);

    /* spawn grants across sessions: same_session refused even via a launcher */
    cap_t local = make_notification(CAP_SCOPE_SAME_SESSION), session, launcher, p = CAP_NULL;
    CHECK(session_minter_mint(rt_cap("session_minter"), PRINCIPAL_GUEST, 1, 7, 1, 0, &session) ==
          CAP_OK);
    CHECK(process_spawner_bind_session(rt_cap("spawner"), session, &launcher) == CAP_OK);
    rt_grant_t bad[] = {{"n", local, IPC_CAP_COPY}};
    EXPECT_ERR("same_session_transfer.spawn_grant", rt_spawn(launcher, "peer-idle", bad, 1, &p),
               CAP_ERR_SCOPE_DENIED);
    cap_t regrant = make_notification(CAP_SCOPE_SERVICE_REGRANT_ONLY);
    rt_grant_t ok[] = {{"n", regrant, IPC_CAP_COPY}};
    EXPECT_ERR("same_session_transfer.launcher_regrant", rt_spawn(launcher, "peer-idle", ok, 1, &p),
               CAP_OK);
    CHECK(wait_child(p) == 0);
    return 0;
}

/* Receive one call and return its caller metadata. */
static ipc_caller_t take_call(cap_t ep) {
    ipc_recv_info_t info;
    CHECK(recv_one(ep, &msg, &info) == CAP_OK);
    CHECK(reply_status(info.reply, CAP_OK, 0, 0) == CAP_OK);
    return info.caller;
}

static int payload_spoof(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    cap_t other = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    ipc_caller_t c[5], d;
    for (int round = 0; round < 2; round++) {
        rt_grant_t g[] = {
            {"plain", client_facet(ep, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 5), IPC_CAP_MOVE},
            {"disclosing",
             client_facet(ep, CAP_SCOPE_CROSS_SESSION_SHAREABLE,
                          DISCLOSE_PRINCIPAL_CLASS | DISCLOSE_PROFILE, 6),
             IPC_CAP_MOVE},
            {"other", client_facet(other, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 7), IPC_CAP_MOVE},
        };
        cap_t child = spawn_in_new_session("peer-spoof", 0, g, 3, NULL);
        if (round == 1) { /* a second session: only its reference matters */
            d = take_call(ep);
            for (int i = 0; i < 3; i++)
                (void)take_call(ep);
            (void)take_call(other);
            CHECK(wait_child(child) == 0);
            break;
        }
        for (int i = 0; i < 4; i++)
            c[i] = take_call(ep);
        c[4] = take_call(other);
        CHECK(wait_child(child) == 0);
    }
    rt_printf("payload_spoof.plain: disclosed=%x class=%u id=%lu\n", c[0].disclosed,
              c[0].principal_class, c[0].principal_id);
    CHECK(c[0].disclosed == 0 && c[0].principal_class == 0 && c[0].principal_id == 0);
    CHECK((c[0].ref_lo | c[0].ref_hi) != 0 && c[0].flags == CALLER_LIVE);
    rt_printf("payload_spoof.request_without_scope: disclosed=%x\n", c[1].disclosed);
    CHECK(c[1].disclosed == 0 && c[1].principal_class == 0);
    rt_printf("payload_spoof.request_and_scope: disclosed=%x class=%u id=%lu\n", c[2].disclosed,
              c[2].principal_class, c[2].principal_id);
    CHECK(c[2].disclosed == DISCLOSE_PRINCIPAL_CLASS && c[2].principal_class == PRINCIPAL_OPERATOR);
    CHECK(c[2].principal_id == 0); /* requested but outside the hold's scope */
    rt_printf("payload_spoof.scope_without_request: disclosed=%x\n", c[3].disclosed);
    CHECK(c[3].disclosed == 0);
    bool same =
        c[0].ref_lo == c[1].ref_lo && c[1].ref_lo == c[2].ref_lo && c[0].ref_hi == c[2].ref_hi;
    rt_printf("payload_spoof.same_session_same_ref: %s\n", same ? "yes" : "no");
    CHECK(same);
    bool scoped = c[4].ref_lo != c[0].ref_lo || c[4].ref_hi != c[0].ref_hi;
    rt_printf("payload_spoof.other_endpoint_other_ref: %s\n", scoped ? "yes" : "no");
    CHECK(scoped);
    bool distinct = d.ref_lo != c[0].ref_lo || d.ref_hi != c[0].ref_hi;
    rt_printf("payload_spoof.other_session_other_ref: %s\n", distinct ? "yes" : "no");
    CHECK(distinct);
    return 0;
}

static cap_t spawn_plain(const char *peer, const rt_grant_t *g, uint32_t n) {
    cap_t p = CAP_NULL;
    cap_err_t e = rt_spawn(rt_cap("spawner"), peer, g, n, &p);
    if (e != CAP_OK)
        rt_printf("spawn %s: %s\n", peer, rt_strerror(e));
    CHECK(e == CAP_OK);
    return p;
}

static cap_t spawn_caller(cap_t ep, uint64_t badge) {
    rt_grant_t g[] = {
        {"server", client_facet(ep, CAP_SCOPE_SAME_SESSION, 0, badge), IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
    };
    return spawn_plain("peer-caller", g, 2);
}

static int queue_full(void) {
    cap_t ep = make_endpoint(1, CAP_SCOPE_SAME_SESSION);
    cap_t first = spawn_caller(ep, 1);
    sleep_ms(50); /* the first caller is now queued */
    cap_t second = spawn_caller(ep, 2);
    int64_t code = wait_child(second);
    rt_printf("queue_full.second_caller: %s\n", rt_strerror((cap_err_t)code));
    CHECK(code == CAP_ERR_QUEUE_FULL);
    ipc_recv_info_t info;
    CHECK(recv_one(ep, &msg, &info) == CAP_OK && info.badge == 1);
    CHECK(reply_status(info.reply, CAP_OK, 0, 0) == CAP_OK);
    code = wait_child(first);
    rt_printf("queue_full.first_caller: %s\n", rt_strerror((cap_err_t)code));
    CHECK(code == CAP_OK);
    return 0;
}

static int spawn_ungranted(void) {
    cap_t spawner = rt_cap("spawner"), p, gone, weak;
    rt_grant_t g[] = {{"x", CAP_HANDLE(150, 1), IPC_CAP_COPY}};
    EXPECT_ERR("spawn_ungranted.forged", rt_spawn(spawner, "peer-idle", g, 1, &p),
               CAP_ERR_INVALID_CAP);
    CHECK(cap_derive(rt_cap("console"), CAP_CLIENT_RIGHTS, 0, 0, 0, &gone) == CAP_OK);
    CHECK(cap_release(gone) == CAP_OK);
    g[0].cap = gone;
    EXPECT_ERR("spawn_ungranted.released", rt_spawn(spawner, "peer-idle", g, 1, &p),
               CAP_ERR_STALE_CAP);
    CHECK(cap_derive(rt_cap("console"), CAP_RIGHT_CALL, 0, 0, 0, &weak) == CAP_OK);
    g[0].cap = weak;
    EXPECT_ERR("spawn_ungranted.not_transferable", rt_spawn(spawner, "peer-idle", g, 1, &p),
               CAP_ERR_NO_RIGHTS);
    EXPECT_ERR("spawn_ungranted.unknown_binary", rt_spawn(spawner, "no-such-binary", 0, 0, &p),
               CAP_ERR_NOT_FOUND);
    rt_grant_t dup[] = {{"a", rt_cap("console"), IPC_CAP_COPY},
                        {"a", rt_cap("clock"), IPC_CAP_COPY}};
    EXPECT_ERR("spawn_ungranted.duplicate_names", rt_spawn(spawner, "peer-idle", dup, 2, &p),
               CAP_ERR_BAD_ARGS);
    rt_grant_t exact[] = {{"only", rt_cap("console"), IPC_CAP_COPY}};
    p = spawn_plain("peer-capset_exact", exact, 1);
    EXPECT_ERR("spawn_ungranted.exact_capset_child", (cap_err_t)wait_child(p), CAP_OK);
    return 0;
}

static int expired_session(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE), session, launcher;
    rt_grant_t g[] = {
        {"server", client_facet(ep, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 1), IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
        {"clock", rt_cap("clock"), IPC_CAP_COPY},
    };
    cap_t child = spawn_in_new_session("peer-expiry", 300000000ull, g, 3, &session);
    (void)take_call(ep);
    int64_t code = wait_child(child);
    CHECK(code == 0);
    uint32_t live = 1;
    uint64_t epoch = 0, serial = 0;
    CHECK(session_info(session, &live, &epoch, &serial) == CAP_OK && serial != 0);
    rt_printf("expired_session.info: live=%u\n", live);
    CHECK(live == 0);
    EXPECT_ERR("expired_session.bind_launcher",
               process_spawner_bind_session(rt_cap("spawner"), session, &launcher),
               CAP_ERR_SESSION_STALE);

    /* revocation: the next call after revoke fails closed */
    cap_t ep2 = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE), s2;
    rt_grant_t g2[] = {
        {"server", client_facet(ep2, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 1), IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
    };
    child = spawn_in_new_session("peer-revoked", 0, g2, 2, &s2);
    ipc_recv_info_t info;
    CHECK(recv_one(ep2, &msg, &info) == CAP_OK);
    CHECK(session_revoke(s2) == CAP_OK);
    CHECK(reply_status(info.reply, CAP_OK, 0, 0) == CAP_OK);
    CHECK(wait_child(child) == 0);
    return 0;
}

static int transfer_rollback(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_SAME_SESSION);
    cap_t client = client_facet(ep, CAP_SCOPE_SAME_SESSION, 0, 1);
    cap_t ready = make_notification(CAP_SCOPE_SAME_SESSION);
    rt_grant_t g[] = {
        {"server", ep, IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
        {"ready", ready, IPC_CAP_COPY},
    };
    cap_t child = spawn_plain("peer-hoarder", g, 3);
    uint64_t bits;
    CHECK(notification_wait(ready, &bits) == CAP_OK);
    cap_t n1 = make_notification(CAP_SCOPE_SAME_SESSION);
    cap_t n2 = make_notification(CAP_SCOPE_SAME_SESSION);
    ipc_cap_t caps[] = {{n1, IPC_CAP_MOVE}, {n2, IPC_CAP_COPY}};
    EXPECT_ERR("transfer_rollback.delivery", call_raw(client, &msg, 1, "x", 1, caps, 2, 0),
               CAP_ERR_NO_SLOTS);
    cap_info_t ci;
    EXPECT_ERR("transfer_rollback.moved_cap_back", cap_info(n1, &ci), CAP_OK);
    EXPECT_ERR("transfer_rollback.copied_cap_kept", cap_info(n2, &ci), CAP_OK);
    CHECK(notification_signal(n1, 1) == CAP_OK);
    EXPECT_ERR("transfer_rollback.terminate_blocked_server", process_handle_terminate(child),
               CAP_OK);
    int64_t code = wait_child(child);
    rt_printf("transfer_rollback.killed_exit_code: %ld\n", code);
    CHECK(code == -9);
    EXPECT_ERR("transfer_rollback.after_server_gone", call_raw(client, &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_BROKEN);
    return 0;
}

static int server_death(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_SAME_SESSION);
    cap_t client = client_facet(ep, CAP_SCOPE_SAME_SESSION, 0, 1);
    rt_grant_t g[] = {{"server", ep, IPC_CAP_MOVE}, {"console", rt_cap("console"), IPC_CAP_COPY}};
    cap_t server = spawn_plain("peer-drop_reply", g, 2);
    EXPECT_ERR("server_death.dropped_reply", call_raw(client, &msg, 1, 0, 0, 0, 0, 0),
               CAP_ERR_BROKEN);
    EXPECT_ERR("server_death.server_exited_in_flight", call_raw(client, &msg, 2, 0, 0, 0, 0, 0),
               CAP_ERR_BROKEN);
    CHECK(wait_child(server) == 0);
    EXPECT_ERR("server_death.after_exit", call_raw(client, &msg, 3, 0, 0, 0, 0, 0), CAP_ERR_BROKEN);

    /* queued callers of a dying server are failed, never left hanging */
    cap_t ep2 = make_endpoint(4, CAP_SCOPE_SAME_SESSION);
    cap_t a = spawn_caller(ep2, 1), b = spawn_caller(ep2, 2);
    sleep_ms(50);
    CHECK(cap_release(ep2) == CAP_OK);
    int64_t ca = wait_child(a), cb = wait_child(b);
    rt_printf("server_death.queued_callers: %s %s\n", rt_strerror((cap_err_t)ca),
              rt_strerror((cap_err_t)cb));
    CHECK(ca == CAP_ERR_BROKEN && cb == CAP_ERR_BROKEN);
    return 0;
}

/* A server waits for calls and events in one receive. */
static int bound_notification(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_SAME_SESSION);
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION), other = CAP_NULL;
    CHECK(notification_bind_endpoint(n, ep) == CAP_OK);
    EXPECT_ERR("bound_notification.bind_twice", notification_bind_endpoint(n, ep), CAP_ERR_EXISTS);
    CHECK(notification_signal(n, 0x6) == CAP_OK);
    cap_t caller = spawn_caller(ep, 3);
    ipc_recv_info_t info;
    CHECK(recv_one(ep, &msg, &info) == CAP_OK); /* the event comes first */
    uint64_t bits = 0;
    memcpy(&bits, msg.data, sizeof(bits));
    rt_printf("bound_notification.event: label=%lx bits=%lx reply=%u\n", msg.label, bits,
              info.reply);
    CHECK(msg.label == IPC_LABEL_NOTIFY && bits == 0x6 && info.reply == CAP_NULL);
    CHECK(recv_one(ep, &msg, &info) == CAP_OK && info.badge == 3); /* then the call */
    CHECK(reply_status(info.reply, CAP_OK, 0, 0) == CAP_OK);
    CHECK(wait_child(caller) == 0);
    CHECK(memory_create_endpoint(rt_cap("memory"), 0, 4, &other) == CAP_OK);
    cap_t client = client_facet(other, CAP_SCOPE_SAME_SESSION, 0, 1);
    EXPECT_ERR("bound_notification.needs_recv_right", notification_bind_endpoint(n, client),
               CAP_ERR_NO_RIGHTS);
    return 0;
}

static int deferred_reply(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_SAME_SESSION);
    cap_t a = spawn_caller(ep, 1), b = spawn_caller(ep, 2);
    ipc_recv_info_t first, second;
    CHECK(recv_one(ep, &msg, &first) == CAP_OK);
    CHECK(recv_one(ep, &msg, &second) == CAP_OK);
    CHECK(first.badge != second.badge);
    CHECK(reply_status(second.reply, CAP_OK, 0, 0) == CAP_OK);
    CHECK(wait_child(second.badge == 1 ? a : b) == 0);
    uint32_t exited = 1;
    int64_t code;
    CHECK(process_handle_poll(first.badge == 1 ? a : b, &exited, &code) == CAP_OK);
    rt_printf("deferred_reply.first_still_waiting: %s\n", exited ? "no" : "yes");
    CHECK(!exited);
    CHECK(reply_status(first.reply, CAP_OK, 0, 0) == CAP_OK);
    CHECK(wait_child(first.badge == 1 ? a : b) == 0);
    EXPECT_ERR("deferred_reply.reply_twice", reply_status(first.reply, CAP_OK, 0, 0),
               CAP_ERR_STALE_CAP);
    return 0;
}

static int shared_memory(void) {
    cap_t shm, ro;
    CHECK(memory_create_shm(rt_cap("memory"), 2, CAP_SCOPE_SAME_SESSION, &shm) == CAP_OK);
    CHECK(shared_memory_map(shm, 0x50000000ull, MAP_PROT_READ | MAP_PROT_WRITE) == CAP_OK);
    char *buf = (char *)0x50000000ull;
    memcpy(buf, "ping", 5);
    CHECK(cap_derive(shm, CAP_RIGHT_CALL | CAP_RIGHT_READ | CAP_RIGHT_TRANSFER, 0, 0, 0, &ro) ==
          CAP_OK);
    EXPECT_ERR("shared_memory.readonly_map_writable",
               shared_memory_map(ro, 0x58000000ull, MAP_PROT_READ | MAP_PROT_WRITE),
               CAP_ERR_NO_RIGHTS);
    rt_grant_t g[] = {{"shm", shm, IPC_CAP_COPY}, {"console", rt_cap("console"), IPC_CAP_COPY}};
    CHECK(wait_child(spawn_plain("peer-shm", g, 2)) == 0);
    rt_printf("shared_memory.peer_wrote: %s\n", buf + 4096);
    CHECK(!memcmp(buf + 4096, "pong", 5));
    return 0;
}

static int kernel_objects(void) {
    uint8_t a[32], b[32];
    uint32_t n = 0;
    CHECK(entropy_source_read(rt_cap("entropy"), 32, a, 32, &n) == CAP_OK && n == 32);
    CHECK(entropy_source_read(rt_cap("entropy"), 32, b, 32, &n) == CAP_OK && n == 32);
    CHECK(memcmp(a, b, 32) != 0);
    EXPECT_ERR("kernel_objects.entropy_oversized",
               entropy_source_read(rt_cap("entropy"), 4096, a, 32, &n), CAP_ERR_BAD_ARGS);
    uint64_t t0, t1;
    CHECK(clock_now(rt_cap("clock"), &t0) == CAP_OK);
    sleep_ms(20);
    CHECK(clock_now(rt_cap("clock"), &t1) == CAP_OK);
    rt_printf("kernel_objects.sleep_20ms_took_ms: %lu\n", (t1 - t0) / 1000000);
    CHECK(t1 - t0 >= 20000000ull);
    uint32_t count = 0;
    char name[48];
    uint32_t name_len;
    uint64_t size;
    CHECK(boot_package_count(rt_cap("bootpackage"), &count) == CAP_OK && count >= 2);
    CHECK(boot_package_entry(rt_cap("bootpackage"), 0, name, sizeof(name), &name_len, &size) ==
          CAP_OK);
    uint8_t data[64];
    uint32_t got = 0;
    CHECK(boot_package_read(rt_cap("bootpackage"), "manifest", 8, 0, 64, data, 64, &got) == CAP_OK);
    CHECK(got > 5 && !memcmp(data, "init ", 5));
    /* a badged BootPackage hold is one file: entry index + 1 */
    uint32_t manifest_index = count;
    for (uint32_t i = 0; i < count; i++)
        if (boot_package_entry(rt_cap("bootpackage"), i, name, sizeof(name), &name_len, &size) ==
                CAP_OK &&
            name_len == 8 && !memcmp(name, "manifest", 8))
            manifest_index = i;
    cap_t file = CAP_NULL;
    CHECK(cap_derive(rt_cap("bootpackage"), CAP_RIGHT_CALL, 0, 0, manifest_index + 1, &file) ==
          CAP_OK);
    uint32_t one = 0;
    CHECK(boot_package_count(file, &one) == CAP_OK && one == 1);
    CHECK(boot_package_read(file, "manifest", 8, 0, 64, data, 64, &got) == CAP_OK && got > 5);
    EXPECT_ERR("kernel_objects.file_cap_other_entry",
               boot_package_read(file, "peer-idle", 9, 0, 8, data, 64, &got), CAP_ERR_NOT_FOUND);
    EXPECT_ERR("kernel_objects.bootpackage_missing",
               boot_package_read(rt_cap("bootpackage"), "nope", 4, 0, 8, data, 64, &got),
               CAP_ERR_NOT_FOUND);
    uint64_t limit, used0, used1, used2;
    CHECK(memory_quota(rt_cap("memory"), &limit, &used0) == CAP_OK);
    char *big = malloc(4u << 20);
    CHECK(big != NULL);
    memset(big, 0xab, 4u << 20);
    CHECK(memory_quota(rt_cap("memory"), &limit, &used1) == CAP_OK);
    free(big);
    CHECK(memory_quota(rt_cap("memory"), &limit, &used2) == CAP_OK);
    rt_printf("kernel_objects.malloc_4MiB_pages: +%lu then -%lu\n", used1 - used0, used1 - used2);
    CHECK(used1 - used0 >= 1024 && used2 == used0);
    char *small[64];
    for (int i = 0; i < 64; i++) {
        small[i] = malloc(24 + i * 40);
        CHECK(small[i] != NULL);
        memset(small[i], i, 24 + i * 40);
    }
    for (int i = 0; i < 64; i++) {
        CHECK(small[i][0] == i);
        free(small[i]);
    }
    EXPECT_ERR("kernel_objects.unknown_method",
               call_raw(rt_cap("console"), &msg, IPC_LABEL(CONSOLE_IFACE_ID, 99), 0, 0, 0, 0, 0),
               CAP_ERR_BAD_METHOD);
    EXPECT_ERR("kernel_objects.wrong_interface",
               call_raw(rt_cap("console"), &msg, IPC_LABEL(CLOCK_IFACE_ID, 0), 0, 0, 0, 0, 0),
               CAP_ERR_BAD_METHOD);
    uint8_t truncated[2] = {9, 0}; /* a bytes<> length prefix cut short */
    EXPECT_ERR(
        "kernel_objects.truncated_payload",
        call_raw(rt_cap("console"), &msg, IPC_LABEL(CONSOLE_IFACE_ID, 0), truncated, 2, 0, 0, 0),
        CAP_ERR_BAD_ARGS);
    return 0;
}

static int derive_narrows(void) {
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION), ro, again;
    CHECK(cap_derive(n, CAP_RIGHT_CALL | CAP_RIGHT_READ, 0, 0, 0, &ro) == CAP_OK);
    EXPECT_ERR("derive_narrows.signal_without_write", notification_signal(ro, 1),
               CAP_ERR_NO_RIGHTS);
    EXPECT_ERR("derive_narrows.widen_rights",
               cap_derive(ro, CAP_RIGHT_CALL | CAP_RIGHT_READ | CAP_RIGHT_WRITE, 0, 0, 0, &again),
               CAP_ERR_NO_RIGHTS);
    cap_t shareless;
    CHECK(cap_derive(n,
                     CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV & ~CAP_RIGHT_CONTROL & ~CAP_RIGHT_BIND &
                         ~CAP_RIGHT_STALE_OK,
                     CAP_SCOPE_SAME_SESSION, 0, 0, &shareless) == CAP_OK);
    EXPECT_ERR(
        "derive_narrows.widen_scope",
        cap_derive(shareless, CAP_RIGHT_CALL, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 0, &again),
        CAP_ERR_NO_RIGHTS);
    rt_grant_t g[] = {{"console", rt_cap("console"), IPC_CAP_COPY}};
    cap_t child = spawn_plain("peer-idle", g, 1), watch;
    CHECK(cap_derive(child, CAP_RIGHT_CALL | CAP_RIGHT_DERIVE, 0, 0, 0, &watch) == CAP_OK);
    EXPECT_ERR("derive_narrows.terminate_without_control", process_handle_terminate(watch),
               CAP_ERR_NO_RIGHTS);
    CHECK(wait_child(watch) == 0);
    return 0;
}

static int user_fault(void) {
    rt_grant_t g[] = {{"console", rt_cap("console"), IPC_CAP_COPY}};
    int64_t code = wait_child(spawn_plain("peer-crash", g, 1));
    rt_printf("user_fault.exit_code: %ld\n", code);
    CHECK(code == -11);
    return 0;
}

/* Gate 1: a child inherits its parent's session; holding a Session cap
 * without BIND cannot select another one. */
static int session_inherit(void) {
    cap_t ep = make_endpoint(4, CAP_SCOPE_CROSS_SESSION_SHAREABLE), session, bare, launcher, p;
    CHECK(session_minter_mint(rt_cap("session_minter"), PRINCIPAL_OPERATOR, 3, 42, 2, 0,
                              &session) == CAP_OK);
    CHECK(cap_derive(session, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER, CAP_SCOPE_SERVICE_REGRANT_ONLY,
                     0, 0, &bare) == CAP_OK);
    CHECK(process_spawner_bind_session(rt_cap("spawner"), session, &launcher) == CAP_OK);
    rt_grant_t g[] = {
        {"server", client_facet(ep, CAP_SCOPE_CROSS_SESSION_SHAREABLE, 0, 1), IPC_CAP_MOVE},
        {"console", rt_cap("console"), IPC_CAP_COPY},
        {"spawner", rt_cap("spawner"), IPC_CAP_COPY},
        {"session", bare, IPC_CAP_MOVE},
    };
    EXPECT_ERR("session_inherit.spawn_via_launcher", rt_spawn(launcher, "peer-inherit", g, 4, &p),
               CAP_OK);
    ipc_caller_t parent = take_call(ep), child = take_call(ep);
    CHECK(wait_child(p) == 0);
    cap_t sys = spawn_caller(ep, 2);
    ipc_caller_t system = take_call(ep);
    CHECK(wait_child(sys) == 0);
    bool inherited = parent.ref_lo == child.ref_lo && parent.ref_hi == child.ref_hi;
    bool separate = system.ref_lo != parent.ref_lo || system.ref_hi != parent.ref_hi;
    rt_printf("session_inherit.child_shares_parent_session: %s\n", inherited ? "yes" : "no");
    rt_printf("session_inherit.system_session_differs: %s\n", separate ? "yes" : "no");
    CHECK(inherited && separate);
    return 0;
}

static int fpu_tls(void) {
    rt_grant_t g[] = {{"console", rt_cap("console"), IPC_CAP_COPY}};
    cap_t a = spawn_plain("peer-fpu_tls", g, 1), b = spawn_plain("peer-fpu_tls", g, 1);
    int64_t ca = wait_child(a), cb = wait_child(b);
    rt_printf("fpu_tls.children: %ld %ld\n", ca, cb);
    CHECK(ca == 0 && cb == 0);
    EXPECT_ERR("fpu_tls.kernel_address", sys_set_tls(0xffffffff80000000ull), CAP_ERR_BAD_ADDRESS);
    return 0;
}

/* Device access: a port range narrowed to COM1, kernel ports refused, and
 * the UART's interrupt delivered as a notification. */
static int device_caps(void) {
    cap_t com1 = CAP_NULL, ro = CAP_NULL, irq = CAP_NULL, again;
    uint32_t v = 0;
    CHECK(io_ports_sub(rt_cap("ioports"), 0x3f8, 8, &com1) == CAP_OK);
    EXPECT_ERR("device_caps.kernel_port", io_ports_read(rt_cap("ioports"), 0x20, 1, &v),
               CAP_ERR_DENIED);
    EXPECT_ERR("device_caps.outside_range", io_ports_read(com1, 8, 1, &v), CAP_ERR_BAD_ARGS);
    CHECK(cap_derive(com1, CAP_RIGHT_CALL | CAP_RIGHT_READ, 0, 0, 0, &ro) == CAP_OK);
    EXPECT_ERR("device_caps.readonly_write", io_ports_write(ro, 0, 1, 'x'), CAP_ERR_NO_RIGHTS);
    CHECK(io_ports_read(ro, 5, 1, &v) == CAP_OK && (v & 0x20));
    EXPECT_ERR("device_caps.claim_timer", irq_control_claim(rt_cap("irq_control"), 0, &again),
               CAP_ERR_BAD_ARGS);
    CHECK(irq_control_claim(rt_cap("irq_control"), 4, &irq) == CAP_OK);
    EXPECT_ERR("device_caps.claim_twice", irq_control_claim(rt_cap("irq_control"), 4, &again),
               CAP_ERR_EXISTS);
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION);
    CHECK(irq_bind(irq, n, 0x10) == CAP_OK);
    CHECK(io_ports_write(com1, 4, 1, 0x0b) == CAP_OK); /* DTR, RTS, OUT2: route interrupts */
    CHECK(io_ports_write(com1, 1, 1, 0x02) == CAP_OK); /* interrupt when THR is empty */
    uint64_t bits = 0;
    CHECK(notification_wait(n, &bits) == CAP_OK);
    CHECK(io_ports_write(com1, 1, 1, 0x00) == CAP_OK);
    CHECK(irq_ack(irq) == CAP_OK);
    rt_printf("device_caps.irq4_bits: %lx\n", bits);
    CHECK(bits == 0x10);
    CHECK(cap_release(irq) == CAP_OK); /* the line is free again */
    EXPECT_ERR("device_caps.claim_after_release",
               irq_control_claim(rt_cap("irq_control"), 4, &again), CAP_OK);
    return 0;
}

/* Finds the virtio-net NIC (1af4:1000) and drives it only through its caps. */
static int pci_devices(void) {
    cap_t bus = rt_cap("pci"), nic = CAP_NULL, again, ports = CAP_NULL, dma = CAP_NULL, shm;
    uint32_t count = 0, index = 0, bdf, vendor, device, class_code, irq = 0, found = 0;
    CHECK(pci_bus_count(bus, &count) == CAP_OK && count > 0);
    for (uint32_t i = 0; i < count; i++)
        if (pci_bus_info(bus, i, &bdf, &vendor, &device, &class_code, &irq) == CAP_OK &&
            vendor == 0x1af4 && device == 0x1000)
            index = i, found = 1;
    rt_printf("pci_devices.virtio_net_found: %u\n", found);
    CHECK(found && pci_bus_info(bus, index, &bdf, &vendor, &device, &class_code, &irq) == CAP_OK);
    CHECK(pci_bus_open(bus, index, &nic) == CAP_OK);
    EXPECT_ERR("pci_devices.open_twice", pci_bus_open(bus, index, &again), CAP_ERR_EXISTS);
    uint32_t kind = 0;
    uint64_t base = 0, size = 0;
    CHECK(pci_device_bar(nic, 0, &kind, &base, &size) == CAP_OK && kind == 2);
    CHECK(pci_device_enable(nic, 1) == CAP_OK);
    CHECK(pci_device_io_bar(nic, 0, &ports) == CAP_OK);
    uint32_t features = 0, id = 0;
    CHECK(io_ports_read(ports, 0, 4, &features) == CAP_OK); /* legacy virtio: host features */
    CHECK(pci_device_config_read(nic, 0, &id) == CAP_OK && id == 0x10001af4);
    rt_printf("pci_devices.legacy_features_nonzero: %u\n", features != 0);
    CHECK(features != 0);
    EXPECT_ERR("pci_devices.io_bar_of_memory_bar", pci_device_io_bar(nic, 1, &again),
               CAP_ERR_BAD_ARGS);
    for (uint32_t b = 0; b < 6; b++)
        if (pci_device_bar(nic, b, &kind, &base, &size) == CAP_OK && kind == 1) {
            CHECK(pci_device_map_bar(nic, b, 0x70000000ull + b * 0x1000000ull) == CAP_OK);
            (void)*(volatile uint32_t *)(0x70000000ull + b * 0x1000000ull);
        }
    uint64_t phys = 0;
    CHECK(memory_create_dma(rt_cap("memory"), 4, CAP_SCOPE_SAME_SESSION, &dma) == CAP_OK);
    CHECK(shared_memory_phys(dma, &phys) == CAP_OK && phys && !(phys & 0xfff));
    CHECK(memory_create_shm(rt_cap("memory"), 1, CAP_SCOPE_SAME_SESSION, &shm) == CAP_OK);
    EXPECT_ERR("pci_devices.phys_of_plain_shm", shared_memory_phys(shm, &phys),
               CAP_ERR_NOT_SUPPORTED);
    CHECK(cap_release(nic) == CAP_OK);
    EXPECT_ERR("pci_devices.reopen_after_release", pci_bus_open(bus, index, &again), CAP_OK);
    return 0;
}

const scenario_t scenario_cases[] = {
    {"pci_devices", pci_devices},
    {"bound_notification", bound_notification},
    {"device_caps", device_caps},
    {"session_inherit", session_inherit},
    {"fpu_tls", fpu_tls},
    {"forged_cap", forged_cap},
    {"stale_generation", stale_generation},
    {"same_session_transfer", same_session_transfer},
    {"payload_spoof", payload_spoof},
    {"queue_full", queue_full},
    {"spawn_ungranted", spawn_ungranted},
    {"expired_session", expired_session},
    {"transfer_rollback", transfer_rollback},
    {"server_death", server_death},
    {"deferred_reply", deferred_reply},
    {"shared_memory", shared_memory},
    {"kernel_objects", kernel_objects},
    {"derive_narrows", derive_narrows},
    {"user_fault", user_fault},
    {"wait_until", case_wait_until},
    {"heap", case_heap},
    {"process_watch", case_process_watch},
    {"inspect", case_inspect},
    {"pci_irq", case_pci_irq},
    {0, 0},
};
