/*
 * shell: the capability shell (README.md). Glue: finds its capabilities,
 * takes the broker's bundle (anonymous at first), and runs the command loop
 * over its TerminalSession.
 */
#include "capos/cmdline.h"
#include "capos/idl/terminal.h"
#include "shell.h"

const sh_command_t sh_commands[] = {
    {"help", "", "this list", sh_cmd_help},
    {"caps", "", "the capabilities this shell holds", sh_cmd_caps},
    {"inspect", "NAME", "what a capability is and its methods", sh_cmd_inspect},
    {"call", "NAME METHOD [ARG|@CAP ...]", "invoke a method", sh_cmd_call},
    {"run", "BINARY [CHILD=NAME ...]", "start a program with exactly these grants, wait",
     sh_cmd_run},
    {"spawn", "BINARY [CHILD=NAME ...]", "start a program, keep its handle", sh_cmd_spawn},
    {"wait", "PROCESS", "wait for a spawned program's exit code", sh_cmd_wait},
    {"release", "NAME", "drop a capability", sh_cmd_release},
    {"session", "", "who this session is (also: whoami)", sh_cmd_whoami},
    {"whoami", "", "who this session is", sh_cmd_whoami},
    {"login", "[ACCOUNT]", "authenticate (username>, then a hidden password>)", sh_cmd_login},
    {"setup", "", "create the first operator credential", sh_cmd_setup},
    {"guest", "", "start a guest session, if this system allows it", sh_cmd_guest},
    {"logout", "", "end the session and everything issued for it", sh_cmd_logout},
    {"audit", "", "read the audit log (needs a LogReader)", sh_cmd_audit},
    {"status", "", "the services and their state (needs SystemStatus)", sh_cmd_status},
    {"shutdown", "", "stop every service and power off (needs ShutdownControl)", sh_cmd_shutdown},
    {"fill", "BYTES", "write BYTES bytes of text (for throughput tests)", sh_cmd_fill},
    {NULL, NULL, NULL, NULL},
};

static void run_line(shell_t *sh, char *line) {
    char *argv[SH_MAX_ARGS];
    char err[120];
    int argc = cmdline_split(line, argv, sh->arg_lens, SH_MAX_ARGS, err, sizeof err);
    sh->status = 0;
    if (argc < 0) {
        sh_print(sh, "shell: %s\n", err);
        sh->status = 2;
        return;
    }
    if (argc == 0)
        return;
    for (const sh_command_t *c = sh_commands; c->name; c++) {
        if (!strcmp(c->name, argv[0])) {
            c->run(sh, argc, argv);
            return;
        }
    }
    sh_print(sh, "shell: unknown command '%s' (try 'help')\n", argv[0]);
    sh->status = 127;
}

/* Everything in the CapSet joins the table under its own name. */
static void take_capset(shell_t *sh) {
    const capset_t *cs = rt_capset();
    for (uint32_t i = 0; i < cs->count && i < CAPSET_MAX_ENTRIES; i++) {
        const char *name = cs->entries[i].name;
        uint32_t iface = sh_iface_for_name(name);
        if (!iface)
            iface = sh_iface_for_type(cs->entries[i].type);
        (void)sh_caps_add(&sh->caps, name, cs->entries[i].cap, iface, SH_FROM_CAPSET);
    }
}

int main(void) {
    static shell_t sh;
    static char line[SH_LINE_MAX + 1];
    sh_caps_init(&sh.caps);
    sh.terminal = rt_cap("terminal");
    sh.sessions = rt_cap("sessions");
    sh.broker = rt_cap("broker");
    sh.clock = rt_cap("clock");
    sh.session = rt_cap("session");
    memcpy(sh.profile, "anonymous", 10);
    if (sh.terminal == CAP_NULL) {
        rt_printf("shell: no 'terminal' capability; nothing to talk to\n");
        return 1;
    }
    take_capset(&sh);
    sh_take_bundle(&sh);
    uint32_t cols = 0, rows = 0;
    sh.interactive = terminal_session_size(sh.terminal, &cols, &rows) != CAP_OK || cols || rows;
    if (sh.interactive)
        sh_print(&sh, "\ncapOS-C capability shell. You are %s%s. Type 'help' for commands.\n",
                 sh.session == CAP_NULL ? "anonymous" : "in a session of profile ",
                 sh.session == CAP_NULL ? "" : sh.profile);
    while (!sh.stop) {
        char prompt[SH_PROFILE_MAX + 16];
        rt_snprintf(prompt, sizeof prompt, "%s> ", sh.profile);
        uint32_t st = sh_read(&sh, prompt, false, SH_LINE_MAX, line, sizeof line);
        if (st == 0)
            run_line(&sh, line);
        else if (st == 2 || st == 3) /* end of input, or the terminal is gone */
            sh.stop = sh.sessions == CAP_NULL || st == 3;
        if (st == 2 && !sh.stop)
            sh_print(&sh, "\n(end of input ignored on the console; 'logout' or 'shutdown')\n");
    }
    sh_stop_children(&sh);
    if (!sh.interactive) /* an SSH exec: the command's status is the session's */
        return sh.status;
    sh_print(&sh, "shell: bye\n");
    return 0;
}
