/* audit, status, shutdown: the system-facing parts of a bundle. */
#include "capos/idl/audit.h"
#include "capos/idl/shutdown.h"
#include "capos/idl/system_status.h"
#include "audit_event.h"
#include "shell.h"

#define SH_AUDIT_READS 64u /* reads per `audit`: bounded even if the log grows meanwhile */

/* The bundle capability `name`, or NULL after saying the session lacks it. */
static sh_cap_t *bundle_cap(shell_t *sh, const char *cmd, const char *name, const char *what) {
    sh_cap_t *e = sh_caps_find(&sh->caps, name);
    if (!e)
        sh_print(sh, "%s: this session holds no %s capability ('%s')%s\n", cmd, what, name,
                 sh->session == CAP_NULL ? "; log in first" : "");
    return e;
}

static void print_events(shell_t *sh, const uint8_t *buf, uint32_t len) {
    const uint8_t *p = buf, *end = buf + len;
    audit_event_t ev;
    while (p < end && audit_event_unpack(&p, end, &ev))
        sh_print(sh, "#%-4lu %8lu ms  %-18s %-12s subject %-6lu %.*s\n", (unsigned long)ev.seq,
                 (unsigned long)ev.time_ms, audit_kind_name(ev.kind), audit_result_name(ev.result),
                 (unsigned long)ev.subject, (int)ev.detail_len, ev.detail);
    if (p != end)
        sh_print(sh, "audit: a malformed event was skipped\n");
}

void sh_cmd_audit(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    sh_cap_t *logs = bundle_cap(sh, "audit", "logs", "LogReader");
    if (!logs)
        return;
    static uint8_t buf[960];
    uint64_t cursor = 0, lost = 0;
    for (uint32_t i = 0; i < SH_AUDIT_READS; i++) {
        uint64_t next = 0, dropped = 0;
        uint32_t len = 0;
        cap_err_t e = log_reader_read(logs->cap, cursor, &next, &dropped, buf, sizeof buf, &len);
        if (e != CAP_OK) {
            sh_fail(sh, "audit", "cannot read the log", e);
            return;
        }
        lost += dropped;
        print_events(sh, buf, len);
        if (next == cursor)
            break;
        cursor = next;
    }
    sh_print(sh, "audit: end of log (%lu events dropped by the bounded log)\n",
             (unsigned long)lost);
}

void sh_cmd_status(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    static const char *const states[] = {"running", "exited", "stopped", "lost"};
    sh_cap_t *status = bundle_cap(sh, "status", "status", "SystemStatus");
    if (!status)
        return;
    uint32_t total = 1;
    for (uint32_t i = 0; i < total; i++) {
        char name[33];
        uint32_t name_len = 0, state = 0;
        int64_t code = 0;
        cap_err_t e =
            system_status_service(status->cap, i, &total, name, 32, &name_len, &state, &code);
        if (e != CAP_OK) {
            sh_fail(sh, "status", "cannot read the service table", e);
            return;
        }
        name[name_len] = '\0';
        sh_print(sh, "  %-12s %s", name, state < 4 ? states[state] : "?");
        if (state == 1 || state == 2)
            sh_print(sh, " (exit code %ld)", (long)code);
        sh_print(sh, "\n");
    }
}

void sh_cmd_shutdown(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    sh_cap_t *ctl = bundle_cap(sh, "shutdown", "shutdown", "ShutdownControl");
    if (!ctl)
        return;
    sh_stop_children(sh);
    sh_print(sh, "System is shutting down.\n");
    cap_err_t e = shutdown_control_shutdown(ctl->cap);
    /* normally init stops this shell before the call returns */
    if (e != CAP_OK)
        sh_fail(sh, "shutdown", "refused", e);
}
