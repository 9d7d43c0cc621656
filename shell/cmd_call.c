/* call NAME METHOD [ARG...]: any method of the interface a capability
 * speaks, encoded from text by the schema's reflection table; `@name`
 * arguments pass capabilities from the shell's table (copied). Caps in the
 * reply join the table as r1, r2, ... */
#include "capos/idl/reflect.h"
#include "capos/idl_text.h"
#include "shell.h"

static void take_reply_caps(shell_t *sh, const ipc_msg_t *rep) {
    for (uint32_t i = 0; i < rep->ncaps && i < IPC_MAX_CAPS; i++) {
        char name[SH_NAME_MAX + 1];
        cap_info_t info;
        cap_t c = rep->caps[i].cap;
        uint32_t iface = cap_info(c, &info) == CAP_OK ? sh_iface_for_type(info.type) : 0;
        if (sh_caps_fresh_name(&sh->caps, "r", name, sizeof name) &&
            sh_caps_add(&sh->caps, name, c, iface, SH_FROM_REPLY) == SH_CAPS_OK) {
            sh_print(sh, "  returned capability: %s\n", name);
        } else {
            sh_print(sh, "  returned capability dropped: the shell's table is full\n");
            (void)cap_release(c);
        }
    }
}

/* Splits argv into text arguments (kept in order) and @name capabilities. */
static bool split_args(shell_t *sh, int argc, char **argv, const uint32_t *lens, char **text,
                       uint32_t *text_lens, int *ntext, cap_t *caps, uint32_t *ncaps) {
    *ntext = 0;
    *ncaps = 0;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] != '@') {
            text_lens[*ntext] = lens[i];
            text[(*ntext)++] = argv[i];
            continue;
        }
        sh_cap_t *e = sh_need_cap(sh, "call", argv[i] + 1);
        if (!e)
            return false;
        if (*ncaps == IPC_MAX_CAPS) {
            sh_print(sh, "call: at most %u capabilities per call\n", IPC_MAX_CAPS);
            return false;
        }
        caps[(*ncaps)++] = e->cap;
    }
    return true;
}

void sh_cmd_call(shell_t *sh, int argc, char **argv) {
    const uint32_t *lens = sh->arg_lens;
    static ipc_msg_t msg;
    static char text_out[1024];
    char err[200];
    if (argc < 3) {
        sh_print(sh, "usage: call NAME METHOD [ARG...]   ('inspect NAME' lists the methods)\n");
        return;
    }
    sh_cap_t *e = sh_need_cap(sh, "call", argv[1]);
    if (!e)
        return;
    const idl_iface_desc_t *iface = e->iface ? idl_reflect_find_iface(e->iface) : NULL;
    if (!iface) {
        sh_print(sh, "call: the interface of '%s' is unknown to the shell\n", argv[1]);
        return;
    }
    const idl_method_desc_t *m = NULL;
    if (idl_text_find_method(iface, argv[2], &m, err, sizeof err) != IDL_TEXT_OK) {
        sh_print(sh, "call: %s\n", err);
        return;
    }
    char *text[SH_MAX_ARGS];
    uint32_t text_lens[SH_MAX_ARGS], ncaps = 0;
    cap_t caps[IPC_MAX_CAPS];
    int ntext = 0;
    if (!split_args(sh, argc - 3, argv + 3, lens + 3, text, text_lens, &ntext, caps, &ncaps))
        return;
    if (idl_text_encode(m, ntext, text, text_lens, caps, ncaps, &msg, err, sizeof err) !=
        IDL_TEXT_OK) {
        sh_print(sh, "call: %s\n", err);
        return;
    }
    cap_err_t status = sys_call(e->cap, &msg);
    if (status == CAP_OK && msg.label != CAP_OK)
        status = (cap_err_t)msg.label;
    if (status != CAP_OK) {
        sh_fail(sh, "call", "the call failed", status);
        return;
    }
    idl_text_err_t te = idl_text_format_reply(m, &msg, text_out, sizeof text_out);
    if (te == IDL_TEXT_OK || te == IDL_TEXT_TRUNCATED)
        sh_print(sh, "%s.%s: %s\n", iface->name, m->name, text_out[0] ? text_out : "ok");
    else
        sh_print(sh, "call: %s\n", text_out);
    take_reply_caps(sh, &msg);
}
