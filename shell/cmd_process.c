/* run, spawn, wait: child processes through the session's launcher, with
 * exactly the grants named on the command line. */
#include "capos/idl/process.h"
#include "capos/idl/spawner.h"
#include "shell.h"

static char *find_eq(char *s) {
    for (; *s; s++)
        if (*s == '=')
            return s;
    return NULL;
}

/* Builds the grant list from CHILD=NAME (or NAME, granted under its own
 * name) arguments; false after saying what is wrong. */
static bool collect_grants(shell_t *sh, const char *cmd, int argc, char **argv, rt_grant_t *g,
                           uint32_t *n) {
    static char child_names[IPC_MAX_CAPS][SH_NAME_MAX + 1];
    *n = 0;
    for (int i = 0; i < argc; i++) {
        char *eq = find_eq(argv[i]);
        const char *from = eq ? eq + 1 : argv[i];
        size_t child_len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (*n == IPC_MAX_CAPS) {
            sh_print(sh, "%s: at most %u grants per child\n", cmd, IPC_MAX_CAPS);
            return false;
        }
        if (child_len == 0 || child_len > SH_NAME_MAX) {
            sh_print(sh, "%s: bad grant '%s' (use CHILD=NAME or NAME)\n", cmd, argv[i]);
            return false;
        }
        sh_cap_t *e = sh_need_cap(sh, cmd, from);
        if (!e)
            return false;
        memcpy(child_names[*n], argv[i], child_len);
        child_names[*n][child_len] = '\0';
        g[*n] = (rt_grant_t){child_names[*n], e->cap, IPC_CAP_COPY};
        (*n)++;
    }
    return true;
}

/* Starts argv[1] with the grants argv[2..]; the handle, or CAP_NULL. */
static cap_t start(shell_t *sh, const char *cmd, int argc, char **argv) {
    if (argc < 2) {
        sh_print(sh, "usage: %s BINARY [CHILD=NAME|NAME ...]\n", cmd);
        return CAP_NULL;
    }
    sh_cap_t *launcher = sh_caps_find(&sh->caps, "launcher");
    if (!launcher) {
        sh_print(sh, "%s: this session holds no launcher, so it cannot start programs%s\n", cmd,
                 sh->session == CAP_NULL ? " (log in first)" : "");
        return CAP_NULL;
    }
    rt_grant_t grants[IPC_MAX_CAPS];
    uint32_t n = 0;
    if (!collect_grants(sh, cmd, argc - 2, argv + 2, grants, &n))
        return CAP_NULL;
    cap_t process = CAP_NULL;
    cap_err_t e = rt_spawn(launcher->cap, argv[1], grants, n, &process);
    if (e == CAP_ERR_DENIED)
        sh_print(sh, "%s: '%s' is not a program this session may start (DENIED)\n", cmd, argv[1]);
    else if (e == CAP_ERR_SESSION_STALE)
        sh_print(sh, "%s: the session has ended; its launcher no longer works (SESSION_STALE)\n",
                 cmd);
    else if (e != CAP_OK)
        sh_fail(sh, cmd, "cannot start it", e);
    return e == CAP_OK ? process : CAP_NULL;
}

static void report_exit(shell_t *sh, const char *what, cap_err_t e, int64_t code) {
    if (e == CAP_OK)
        sh_print(sh, "%s exited with code %ld\n", what, (long)code);
    else
        sh_fail(sh, "wait", "cannot wait for it", e);
}

void sh_cmd_run(shell_t *sh, int argc, char **argv) {
    cap_t p = start(sh, "run", argc, argv);
    if (p == CAP_NULL)
        return;
    int64_t code = 0;
    cap_err_t e = process_handle_wait(p, &code);
    report_exit(sh, argv[1], e, code);
    (void)cap_release(p);
}

void sh_cmd_spawn(shell_t *sh, int argc, char **argv) {
    cap_t p = start(sh, "spawn", argc, argv);
    if (p == CAP_NULL)
        return;
    char name[SH_NAME_MAX + 1];
    if (!sh_caps_fresh_name(&sh->caps, "proc", name, sizeof name) ||
        sh_caps_add(&sh->caps, name, p, 9u /* ProcessHandle */, SH_FROM_SPAWN) != SH_CAPS_OK) {
        sh_print(sh, "spawn: the shell's table is full; stopping the child\n");
        rt_ignore(process_handle_terminate(p));
        (void)cap_release(p);
        return;
    }
    sh_print(sh, "started %s as %s ('wait %s' for its exit code)\n", argv[1], name, name);
}

void sh_cmd_wait(shell_t *sh, int argc, char **argv) {
    if (argc != 2) {
        sh_print(sh, "usage: wait PROCESS\n");
        return;
    }
    sh_cap_t *e = sh_need_cap(sh, "wait", argv[1]);
    if (!e)
        return;
    int64_t code = 0;
    cap_err_t err = process_handle_wait(e->cap, &code);
    report_exit(sh, argv[1], err, code);
    if (err == CAP_OK && e->origin == SH_FROM_SPAWN) {
        (void)cap_release(e->cap);
        sh_caps_forget(e);
    }
}

void sh_stop_children(shell_t *sh) {
    for (uint32_t i = 0; i < SH_MAX_CAPS; i++) {
        sh_cap_t *e = &sh->caps.e[i];
        if (!e->used || e->origin != SH_FROM_SPAWN)
            continue;
        uint32_t exited = 0;
        int64_t code = 0;
        if (process_handle_poll(e->cap, &exited, &code) == CAP_OK && !exited) {
            rt_ignore(process_handle_terminate(e->cap));
            sh_print(sh, "stopped %s\n", e->name);
        }
        (void)cap_release(e->cap);
        sh_caps_forget(e);
    }
}
