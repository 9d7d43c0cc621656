/* ProcessHandle.watch: a notification signalled when a process exits, for
 * supervisors that wait for many things in one loop. It fires for a later
 * exit and at once for an earlier one, needs WRITE on the notification, is
 * replaced by a later watch, and stays safe whichever of handle,
 * notification and process goes away first. */
#include "scenario.h"

#define MS 1000000ull

/* A child that exits with code 7 after 100 ms. */
static cap_t spawn_linger(void) {
    rt_grant_t g[] = {{"clock", rt_cap("clock"), IPC_CAP_COPY}};
    cap_t child = CAP_NULL;
    CHECK(rt_spawn(rt_cap("spawner"), "peer-linger", g, 1, &child) == CAP_OK);
    return child;
}

/* The bits of n within 10 s (0 if none came). */
static uint64_t bits_within_10s(cap_t n) {
    uint64_t t = 0, bits = 0;
    CHECK(clock_now(rt_cap("clock"), &t) == CAP_OK);
    CHECK(notification_wait_until(n, t + 10000 * MS, &bits) == CAP_OK);
    return bits;
}

static uint64_t take(cap_t n) {
    uint64_t bits = 0;
    CHECK(notification_poll(n, &bits) == CAP_OK);
    return bits;
}

static void later_and_earlier_exit(cap_t n, cap_t other) {
    cap_t child = spawn_linger();
    CHECK(process_handle_watch(child, n, 0x20) == CAP_OK);
    uint64_t bits = bits_within_10s(n);
    rt_printf("process_watch.exit_bits: %lx\n", bits);
    CHECK(bits == 0x20);
    uint32_t exited = 0;
    int64_t code = 0;
    CHECK(process_handle_poll(child, &exited, &code) == CAP_OK && exited && code == 7);
    CHECK(process_handle_watch(child, other, 0x40) == CAP_OK);
    bits = take(other);
    rt_printf("process_watch.already_exited: %lx\n", bits);
    CHECK(bits == 0x40);
    cap_t read_only = CAP_NULL;
    CHECK(cap_derive(n, CAP_RIGHT_CALL | CAP_RIGHT_READ, 0, 0, 0, &read_only) == CAP_OK);
    EXPECT_ERR("process_watch.needs_write", process_handle_watch(child, read_only, 1),
               CAP_ERR_NO_RIGHTS);
    EXPECT_ERR("process_watch.no_bits", process_handle_watch(child, n, 0), CAP_ERR_BAD_ARGS);
    EXPECT_ERR("process_watch.not_a_notification",
               process_handle_watch(child, rt_cap("console"), 1), CAP_ERR_WRONG_TYPE);
    CHECK(take(n) == 0 && take(other) == 0); /* refused watches signal nothing */
    CHECK(cap_release(child) == CAP_OK);
}

static void replaced(cap_t n, cap_t other) {
    cap_t child = spawn_linger();
    CHECK(process_handle_watch(child, n, 0x1) == CAP_OK);
    CHECK(process_handle_watch(child, other, 0x2) == CAP_OK);
    CHECK(wait_child(child) == 7);
    uint64_t first = take(n), second = take(other);
    rt_printf("process_watch.replaced: %lx %lx\n", first, second);
    CHECK(first == 0 && second == 0x2);
    CHECK(cap_release(child) == CAP_OK);
}

/* Handle released, notification released, process terminated first. */
static void lifetimes(cap_t n) {
    cap_t child = spawn_linger();
    CHECK(process_handle_watch(child, n, 0x4) == CAP_OK);
    CHECK(cap_release(child) == CAP_OK);
    uint64_t bits = bits_within_10s(n);
    rt_printf("process_watch.handle_released: %lx\n", bits);
    CHECK(bits == 0x4);

    cap_t gone = make_notification(CAP_SCOPE_SAME_SESSION);
    child = spawn_linger();
    CHECK(process_handle_watch(child, gone, 0x1) == CAP_OK);
    CHECK(cap_release(gone) == CAP_OK);
    int64_t code = wait_child(child);
    rt_printf("process_watch.notification_released: %ld\n", code);
    CHECK(code == 7);
    CHECK(cap_release(child) == CAP_OK);

    child = spawn_linger();
    CHECK(process_handle_watch(child, n, 0x10) == CAP_OK);
    CHECK(process_handle_terminate(child) == CAP_OK);
    bits = bits_within_10s(n);
    rt_printf("process_watch.terminated: %lx\n", bits);
    CHECK(bits == 0x10 && wait_child(child) == -9);
    CHECK(cap_release(child) == CAP_OK);
}

int case_process_watch(void) {
    cap_t n = make_notification(CAP_SCOPE_SAME_SESSION);
    cap_t other = make_notification(CAP_SCOPE_SAME_SESSION);
    later_and_earlier_exit(n, other);
    replaced(n, other);
    lifetimes(n);
    uint32_t processes = 0, sessions = 0, endpoints = 0, notifications = 0;
    CHECK(system_inspect_counts(rt_cap("inspect"), &processes, &sessions, &endpoints,
                                &notifications) == CAP_OK);
    rt_printf("process_watch.left_behind: processes=%u notifications=%u\n", processes,
              notifications);
    CHECK(processes == 1 && notifications == 2); /* only ours: the watches let go */
    return 0;
}

/* peer-linger: exits with code 7 after 100 ms. */
int peer_linger(void) {
    CHECK(clock_sleep(rt_cap("clock"), 100 * MS) == CAP_OK);
    return 7;
}
