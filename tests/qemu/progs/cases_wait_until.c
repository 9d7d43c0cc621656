/* Notification.wait_until: a deadline in Clock.now time. It answers 0 bits
 * when the deadline passes first, the bits when they come first, at once
 * for a past deadline, and a waiter killed before its deadline leaves
 * nothing behind on the kernel's timer list. */
#include "scenario.h"

#define MS 1000000ull

static uint64_t now_ns(void) {
    uint64_t t = 0;
    CHECK(clock_now(rt_cap("clock"), &t) == CAP_OK);
    return t;
}

static void times_out(cap_t n) {
    uint64_t bits = 99, t0 = now_ns();
    CHECK(notification_wait_until(n, t0 + 50 * MS, &bits) == CAP_OK);
    uint64_t waited = now_ns() - t0;
    rt_printf("wait_until.timeout_bits: %lu\n", bits);
    rt_printf("wait_until.waited_to_deadline: %s\n", waited >= 50 * MS ? "yes" : "no");
    CHECK(bits == 0 && waited >= 50 * MS && waited < 5000 * MS);
}

static void past_deadline(cap_t n) {
    uint64_t bits = 99;
    CHECK(notification_wait_until(n, 0, &bits) == CAP_OK && bits == 0);
    CHECK(notification_signal(n, 0x6) == CAP_OK);
    CHECK(notification_wait_until(n, now_ns() - 1, &bits) == CAP_OK);
    rt_printf("wait_until.past_deadline_pending: %lx\n", bits);
    CHECK(bits == 0x6);
    CHECK(notification_poll(n, &bits) == CAP_OK && bits == 0); /* taken */
}

/* A child signals 0x8 after 30 ms; the wait ends then, long before its
 * deadline. */
static void signalled_first(cap_t n) {
    rt_grant_t g[] = {{"n", n, IPC_CAP_COPY}, {"clock", rt_cap("clock"), IPC_CAP_COPY}};
    cap_t child = CAP_NULL;
    CHECK(rt_spawn(rt_cap("spawner"), "peer-signaller", g, 2, &child) == CAP_OK);
    uint64_t bits = 0, t0 = now_ns();
    CHECK(notification_wait_until(n, t0 + 10000 * MS, &bits) == CAP_OK);
    uint64_t waited = now_ns() - t0;
    rt_printf("wait_until.signalled_bits: %lx\n", bits);
    rt_printf("wait_until.before_deadline: %s\n", waited < 5000 * MS ? "yes" : "no");
    CHECK(bits == 0x8 && waited < 5000 * MS);
    CHECK(wait_child(child) == 0);
    sleep_ms(20); /* sleeping again reuses the timer list entry */
}

/* A waiter terminated in wait_until: the timer must forget it. */
static void killed_waiter(void) {
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION), child = CAP_NULL;
    rt_grant_t g[] = {{"n", n, IPC_CAP_COPY},
                      {"clock", rt_cap("clock"), IPC_CAP_COPY},
                      {"console", rt_cap("console"), IPC_CAP_COPY}};
    CHECK(rt_spawn(rt_cap("spawner"), "peer-timed_waiter", g, 3, &child) == CAP_OK);
    sleep_ms(50);
    CHECK(process_handle_terminate(child) == CAP_OK);
    int64_t code = wait_child(child);
    rt_printf("wait_until.killed_waiter: %ld\n", code);
    CHECK(code == -9);
    sleep_ms(400); /* past the dead waiter's deadline */
    rt_printf("wait_until.after_dead_deadline: alive\n");
    CHECK(cap_release(n) == CAP_OK);
}

static void rights_and_binding(cap_t n) {
    cap_t write_only = CAP_NULL, ep = make_endpoint(2, CAP_SCOPE_SAME_SESSION);
    uint64_t bits = 0;
    CHECK(cap_derive(n, CAP_RIGHT_CALL | CAP_RIGHT_WRITE, 0, 0, 0, &write_only) == CAP_OK);
    EXPECT_ERR("wait_until.needs_read", notification_wait_until(write_only, 0, &bits),
               CAP_ERR_NO_RIGHTS);
    /* bound to an endpoint: a waiter takes the bits before any receiver */
    CHECK(notification_bind_endpoint(n, ep) == CAP_OK);
    CHECK(notification_signal(n, 0x3) == CAP_OK);
    CHECK(notification_wait_until(n, now_ns() + 1000 * MS, &bits) == CAP_OK);
    rt_printf("wait_until.bound_bits: %lx\n", bits);
    CHECK(bits == 0x3);
    static ipc_msg_t msg;
    ipc_recv_info_t info;
    EXPECT_ERR("wait_until.bound_nothing_left", sys_recv(ep, &msg, &info, RECV_NONBLOCK),
               CAP_ERR_WOULD_BLOCK);
}

int case_wait_until(void) {
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION);
    times_out(n);
    past_deadline(n);
    signalled_first(n);
    killed_waiter();
    rights_and_binding(n);
    return 0;
}

/* peer-signaller: signals 0x8 on "n" after 30 ms. */
int peer_signaller(void) {
    CHECK(clock_sleep(rt_cap("clock"), 30 * MS) == CAP_OK);
    return notification_signal(rt_cap("n"), 0x8) == CAP_OK ? 0 : 1;
}

/* peer-timed_waiter: waits on "n" with a 300 ms deadline; it is terminated
 * before that. */
int peer_timed_waiter(void) {
    uint64_t t = 0, bits = 0;
    CHECK(clock_now(rt_cap("clock"), &t) == CAP_OK);
    cap_err_t e = notification_wait_until(rt_cap("n"), t + 300 * MS, &bits);
    rt_printf("timed_waiter: returned %s with %lx\n", rt_strerror(e), bits);
    return 1;
}
