/*
 * ipc_bench: kernel IPC round-trip benchmark, booted as init (see
 * bench/run.sh and bench/README.md). One ELF, two boot-package names:
 *
 *   ipc-bench         (init, the client) prints the READY line, creates an
 *                     endpoint, spawns "ipc-bench-server" with the endpoint
 *                     moved to it, then times sys_call round trips
 *   ipc-bench-server  (the echo server) sys_recv -> sys_reply with a 1-byte
 *                     payload, until the stop label
 *
 * Contract (serial console, one line each, in this order):
 *   CAPOS-INIT-READY tsc=<u64>      first thing init does; raw guest rdtsc
 *   CAPOS-BENCH ipc_rt_tsc_median=<u64> ipc_rt_tsc_p99=<u64>
 *               ipc_rt_ns=<u64> ipc_rt_mns=<u64> ipc_rt_tsc_mean=<u64>
 *               tsc_hz=<u64> n=<N>
 *   CAPOS-BENCH-DONE
 * then both processes exit and the kernel powers QEMU off (status 0).
 * On failure: one "CAPOS-BENCH-ERROR <what>: <error>" line and a non-zero
 * exit (no DONE line).
 *
 * A round trip (rt) = the client's sys_call with a 1-byte request, the
 * server's sys_recv and sys_reply with a 1-byte reply, the client back from
 * sys_call: the counterpart of the Linux baseline's 1-byte pipe ping-pong
 * (bench/linux/pingpong.c). WARMUP rts are discarded, then N are measured:
 *   ipc_rt_tsc_*    per-rt rdtsc deltas (median = sorted[N/2],
 *                   p99 = sorted[ceil(.99N)-1], same as the Linux side)
 *   ipc_rt_ns       Clock.now() ns over the whole measured loop / N (integer;
 *                   ipc_rt_mns is the same in thousandths of a ns)
 *   ipc_rt_tsc_mean rdtsc over the whole measured loop / N
 * The loop totals include the per-rt rdtsc reads and sample stores, as on
 * the Linux side.
 */
#include "capos/rt.h"
#include "capos/idl/clock.h"
#include "capos/idl/memory.h"
#include "capos/idl/process.h"

#define WARMUP 2000
#define N 20000
#define BENCH_LABEL 0x42454e43ull /* "BENC": echo one byte */
#define STOP_LABEL 0x53544f50ull  /* "STOP": reply, then exit */
#define SERVER_NAME "ipc-bench-server"

static uint64_t samples[N];
static ipc_msg_t msg; /* ~1.1 KiB: kept off the small user stack */

static int fail(const char *what, cap_err_t e) {
    rt_printf("CAPOS-BENCH-ERROR %s: %s\n", what, rt_strerror(e));
    return 1;
}

/* ---- in-place heapsort (no libc here; O(n log n) matters under TCG) ---- */

static void sift_down(uint64_t *a, size_t root, size_t n) {
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        uint64_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void sort_u64(uint64_t *a, size_t n) {
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n; end-- > 1;) {
        uint64_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

/* ---- server ---- */

static int server(void) {
    cap_t ep = rt_cap("server");
    ipc_recv_info_t info;
    for (;;) {
        cap_err_t e = sys_recv(ep, &msg, &info, 0);
        if (e != CAP_OK)
            return fail("server recv", e);
        uint64_t label = msg.label;
        msg.label = label == BENCH_LABEL || label == STOP_LABEL ? CAP_OK : CAP_ERR_BAD_METHOD;
        msg.len = 1;
        msg.ncaps = 0;
        msg.data[0] = 'y';
        if ((e = sys_reply(info.reply, &msg)) != CAP_OK)
            return fail("server reply", e);
        if (label == STOP_LABEL)
            return 0;
    }
}

/* ---- client ---- */

static cap_err_t one_call(cap_t client, uint64_t label) {
    msg.label = label;
    msg.len = 1;
    msg.ncaps = 0;
    msg.disclose = 0;
    msg.data[0] = 'x';
    cap_err_t e = sys_call(client, &msg);
    if (e == CAP_OK && (msg.label != CAP_OK || msg.len != 1))
        e = msg.label != CAP_OK ? (cap_err_t)msg.label : CAP_ERR_BAD_ARGS;
    return e;
}

static int client(void) {
    cap_t mem = rt_cap("memory"), clock = rt_cap("clock");
    cap_t ep, client_cap, console_copy, server_proc;
    cap_err_t e = memory_create_endpoint(mem, CAP_SCOPE_SAME_SESSION, 4, &ep);
    if (e != CAP_OK)
        return fail("create endpoint", e);
    if ((e = cap_derive(ep, CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER, CAP_SCOPE_SAME_SESSION, 0, 1,
                        &client_cap)) != CAP_OK)
        return fail("derive client facet", e);
    /* The server gets a console only to report its own errors. */
    if ((e = cap_derive(rt_cap("console"), CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER,
                        CAP_SCOPE_SAME_SESSION, 0, 0, &console_copy)) != CAP_OK)
        return fail("derive console", e);
    rt_grant_t grants[] = {
        {"server", ep, IPC_CAP_MOVE},
        {"console", console_copy, IPC_CAP_MOVE},
    };
    if ((e = rt_spawn(rt_cap("spawner"), SERVER_NAME, grants, 2, &server_proc)) != CAP_OK)
        return fail("spawn " SERVER_NAME, e);

    for (int i = 0; i < WARMUP; i++)
        if ((e = one_call(client_cap, BENCH_LABEL)) != CAP_OK)
            return fail("warm-up call", e);

    uint64_t ns0, ns1;
    if ((e = clock_now(clock, &ns0)) != CAP_OK)
        return fail("clock now", e);
    uint64_t tsc0 = rt_rdtsc();
    for (int i = 0; i < N; i++) {
        uint64_t s = rt_rdtsc();
        if ((e = one_call(client_cap, BENCH_LABEL)) != CAP_OK)
            return fail("measured call", e);
        samples[i] = rt_rdtsc() - s;
    }
    uint64_t tsc1 = rt_rdtsc();
    if ((e = clock_now(clock, &ns1)) != CAP_OK)
        return fail("clock now", e);

    uint64_t hz = 0;
    if ((e = clock_tsc_hz(clock, &hz)) != CAP_OK)
        return fail("clock tsc_hz", e);
    sort_u64(samples, N);
    uint64_t total_ns = ns1 - ns0;
    rt_printf("CAPOS-BENCH ipc_rt_tsc_median=%lu ipc_rt_tsc_p99=%lu ipc_rt_ns=%lu "
              "ipc_rt_mns=%lu ipc_rt_tsc_mean=%lu tsc_hz=%lu n=%d\n",
              samples[N / 2], samples[(N * 99 + 99) / 100 - 1], total_ns / N, total_ns * 1000 / N,
              (tsc1 - tsc0) / N, hz, N);

    if ((e = one_call(client_cap, STOP_LABEL)) != CAP_OK)
        return fail("stop call", e);
    int64_t code = -1;
    if ((e = process_handle_wait(server_proc, &code)) != CAP_OK)
        return fail("wait for server", e);
    if (code != 0) {
        rt_printf("CAPOS-BENCH-ERROR server exited with %ld\n", code);
        return 1;
    }
    rt_printf("CAPOS-BENCH-DONE\n");
    return 0;
}

int main(void) {
    uint64_t t_ready = rt_rdtsc();
    if (strcmp(rt_program(), SERVER_NAME) == 0)
        return server();
    rt_printf("CAPOS-INIT-READY tsc=%lu\n", t_ready);
    return client();
}
