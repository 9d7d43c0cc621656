/* init's lifecycle table and shutdown sequence (lifecycle.h). */
#include "lifecycle.h"

void lifecycle_init(lifecycle_t *lc) {
    __builtin_memset(lc, 0, sizeof *lc);
}

bool lifecycle_add(lifecycle_t *lc, const char *name, uint32_t service, cap_t handle) {
    uint32_t len = 0;
    while (name[len] && len < LC_NAME_FIELD)
        len++;
    if (lc->count == LC_MAX_SERVICES || len == LC_NAME_FIELD)
        return false;
    lc_entry_t *e = &lc->entries[lc->count++];
    __builtin_memset(e, 0, sizeof *e);
    __builtin_memcpy(e->name, name, len);
    e->handle = handle;
    e->service = service;
    e->state = LC_RUNNING;
    return true;
}

uint32_t lifecycle_running(const lifecycle_t *lc) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < lc->count; i++)
        n += lc->entries[i].state == LC_RUNNING;
    return n;
}

const lc_entry_t *lifecycle_by_service(const lifecycle_t *lc, uint32_t service) {
    for (uint32_t i = 0; i < lc->count; i++)
        if (lc->entries[i].service == service)
            return &lc->entries[i];
    return 0;
}

/* Polls one running entry: it becomes EXITED (code recorded) or, when the
 * poll fails, LOST (reported). Returns the poll's status. */
static cap_err_t poll_one(lc_entry_t *e, const lifecycle_ops_t *ops) {
    bool exited = false;
    int64_t code = 0;
    cap_err_t err = ops->poll(ops->ctx, e->handle, &exited, &code);
    if (err != CAP_OK) {
        e->state = LC_LOST;
        ops->report(ops->ctx, e, LC_EV_FAILED, err);
    } else if (exited) {
        e->state = LC_EXITED;
        e->code = code;
    }
    return err;
}

uint32_t lifecycle_poll(lifecycle_t *lc, const lifecycle_ops_t *ops) {
    for (uint32_t i = 0; i < lc->count; i++) {
        lc_entry_t *e = &lc->entries[i];
        if (e->state == LC_RUNNING && poll_one(e, ops) == CAP_OK && e->state == LC_EXITED)
            ops->report(ops->ctx, e, LC_EV_EXITED, CAP_OK);
    }
    return lifecycle_running(lc);
}

/* Terminates and waits for one running entry; false if it is LOST. */
static bool stop_one(lc_entry_t *e, const lifecycle_ops_t *ops) {
    ops->report(ops->ctx, e, LC_EV_STOPPING, CAP_OK);
    cap_err_t err = ops->terminate(ops->ctx, e->handle);
    if (err == CAP_OK)
        err = ops->wait(ops->ctx, e->handle, &e->code);
    if (err != CAP_OK) {
        e->state = LC_LOST;
        ops->report(ops->ctx, e, LC_EV_FAILED, err);
        return false;
    }
    e->state = LC_STOPPED;
    ops->report(ops->ctx, e, LC_EV_STOPPED, CAP_OK);
    return true;
}

uint32_t lifecycle_shutdown(lifecycle_t *lc, const lifecycle_ops_t *ops) {
    uint32_t lost = 0;
    for (uint32_t i = lc->count; i-- > 0;) {
        lc_entry_t *e = &lc->entries[i];
        if (e->state == LC_RUNNING && poll_one(e, ops) != CAP_OK)
            lost++;
        if (e->state == LC_EXITED)
            ops->report(ops->ctx, e, LC_EV_ALREADY_EXITED, CAP_OK);
        else if (e->state == LC_RUNNING && !stop_one(e, ops))
            lost++;
    }
    return lost;
}
