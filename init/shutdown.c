/* Shutdown: stop taking requests, stop the services in reverse start
 * order (lifecycle.c decides, this file does the system calls and prints
 * each step), answer the requester, release everything. */
#include "capos/idl/process.h"
#include "init.h"

static cap_err_t do_poll(void *ctx, cap_t h, bool *exited, int64_t *code) {
    (void)ctx;
    uint32_t done = 0;
    cap_err_t e = process_handle_poll(h, &done, code);
    *exited = done != 0;
    return e;
}

static cap_err_t do_terminate(void *ctx, cap_t h) {
    (void)ctx;
    return process_handle_terminate(h);
}

static cap_err_t do_wait(void *ctx, cap_t h, int64_t *code) {
    (void)ctx;
    return process_handle_wait(h, code);
}

static void report(void *ctx, const lc_entry_t *e, lc_event_t ev, cap_err_t err) {
    (void)ctx;
    switch (ev) {
    case LC_EV_EXITED:
        rt_printf("init: service '%s' exited with code %ld\n", e->name, e->code);
        break;
    case LC_EV_STOPPING:
        rt_printf("init: stopping '%s'\n", e->name);
        break;
    case LC_EV_STOPPED:
        rt_printf("init: stopped '%s' (exit code %ld)\n", e->name, e->code);
        break;
    case LC_EV_ALREADY_EXITED:
        rt_printf("init: '%s' had already exited (code %ld)\n", e->name, e->code);
        break;
    case LC_EV_FAILED:
        rt_printf("init: lost track of '%s': %s\n", e->name, rt_strerror(err));
        break;
    }
}

void init_lifecycle_ops(init_state_t *st, lifecycle_ops_t *ops) {
    *ops = (lifecycle_ops_t){st, do_poll, do_terminate, do_wait, report};
}

int init_shutdown(init_state_t *st, cap_t reply) {
    lifecycle_ops_t ops;
    init_lifecycle_ops(st, &ops);
    /* no new requests: queued and later callers get BROKEN */
    if (st->control)
        (void)cap_release(st->control);
    st->control = CAP_NULL;
    init_release_start_caps(st);
    rt_printf("init: stopping %u services in reverse start order\n", st->lc.count);
    uint32_t lost = lifecycle_shutdown(&st->lc, &ops);
    if (reply != CAP_NULL) {
        static ipc_msg_t rep;
        rep = (ipc_msg_t){.label = CAP_OK};
        if (sys_reply(reply, &rep) != CAP_OK) /* the requester was one of the services */
            (void)cap_release(reply);
    }
    for (uint32_t i = 0; i < st->lc.count; i++)
        (void)cap_release(st->lc.entries[i].handle);
    rt_printf("init: shutdown complete%s, exiting\n", lost ? " (some services lost)" : "");
    return lost ? 1 : 0;
}
