/*
 * shell: the capability shell (README.md). Its state, its output over the
 * TerminalSession, and the command groups (one file each):
 *   cmd_caps.c     help, caps, inspect, release
 *   cmd_call.c     call (any method of any interface, from the schema)
 *   cmd_process.c  run, spawn, wait
 *   cmd_session.c  login, setup, guest, logout, session/whoami
 *   cmd_system.c   audit, status, shutdown
 *   cmd_fill.c     fill (bulk output, for throughput measurements)
 */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include "capos/rt.h"
#include "cap_table.h"

#define SH_LINE_MAX 512u /* the terminal's ceiling */
#define SH_MAX_ARGS 24u
#define SH_PROFILE_MAX 32u

typedef struct {
    cap_t terminal; /* TerminalSession: all input and output */
    cap_t sessions; /* SessionManager (console shells); CAP_NULL otherwise */
    cap_t broker;   /* AuthorityBroker, shell facet; CAP_NULL otherwise */
    cap_t clock;    /* Clock, for the login backoff */
    cap_t session;  /* the CALL-only Session of this shell's login, or CAP_NULL */
    char profile[SH_PROFILE_MAX + 1];
    uint32_t failures;              /* consecutive failed logins */
    bool stop;                      /* leave the command loop */
    bool interactive;               /* the terminal has a size (not an SSH exec) */
    int status;                     /* the last command's: 0 ok, 1 failed, 2 usage, 127 unknown */
    uint32_t arg_lens[SH_MAX_ARGS]; /* byte lengths of the current command's words */
    sh_caps_t caps;
} shell_t;

typedef struct {
    const char *name;
    const char *args;
    const char *help;
    void (*run)(shell_t *sh, int argc, char **argv);
} sh_command_t;

/* All commands, for dispatch and `help`; NULL-terminated. */
extern const sh_command_t sh_commands[];

/* Output on the terminal (expands to at most one terminal write). */
void sh_print(shell_t *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A typed error: "NAME: what (ERROR_NAME)". */
void sh_fail(shell_t *sh, const char *cmd, const char *what, cap_err_t e);
/* Reads one line; 0 submitted, 1 cancelled, 2 closed, or 3 on a terminal
 * error. line is NUL-terminated (hidden input: the caller scrubs it). */
uint32_t sh_read(shell_t *sh, const char *prompt, bool hidden, uint32_t max, char *line,
                 uint32_t cap);
void sh_sleep_ms(shell_t *sh, uint32_t ms);

/* cmd_caps.c: the table entry named `name`, or NULL after saying so. */
sh_cap_t *sh_need_cap(shell_t *sh, const char *cmd, const char *name);
/* cmd_caps.c: drops every capability from the given origin (releasing it). */
void sh_drop_origin(shell_t *sh, sh_origin_t origin);
/* cmd_process.c: terminates and forgets every child this shell started. */
void sh_stop_children(shell_t *sh);
/* cmd_session.c: takes the broker's bundle for the current session (or the
 * anonymous one) into the table. */
void sh_take_bundle(shell_t *sh);

/* command entry points */
void sh_cmd_help(shell_t *sh, int argc, char **argv);
void sh_cmd_caps(shell_t *sh, int argc, char **argv);
void sh_cmd_inspect(shell_t *sh, int argc, char **argv);
void sh_cmd_release(shell_t *sh, int argc, char **argv);
void sh_cmd_call(shell_t *sh, int argc, char **argv);
void sh_cmd_run(shell_t *sh, int argc, char **argv);
void sh_cmd_spawn(shell_t *sh, int argc, char **argv);
void sh_cmd_wait(shell_t *sh, int argc, char **argv);
void sh_cmd_login(shell_t *sh, int argc, char **argv);
void sh_cmd_setup(shell_t *sh, int argc, char **argv);
void sh_cmd_guest(shell_t *sh, int argc, char **argv);
void sh_cmd_logout(shell_t *sh, int argc, char **argv);
void sh_cmd_whoami(shell_t *sh, int argc, char **argv);
void sh_cmd_audit(shell_t *sh, int argc, char **argv);
void sh_cmd_status(shell_t *sh, int argc, char **argv);
void sh_cmd_shutdown(shell_t *sh, int argc, char **argv);
void sh_cmd_exit(shell_t *sh, int argc, char **argv);
void sh_cmd_fill(shell_t *sh, int argc, char **argv);

#endif
