/* help, caps, inspect, release: what this shell holds. */
#include "capos/idl/reflect.h"
#include "capos/idl_text.h"
#include "shell.h"

void sh_cmd_help(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    sh_print(sh, "Commands (what works depends on the capabilities this session holds):\n");
    for (const sh_command_t *c = sh_commands; c->name; c++)
        sh_print(sh, "  %-8s %-28s %s\n", c->name, c->args, c->help);
}

static const char *iface_name(uint32_t iface) {
    const idl_iface_desc_t *d = iface ? idl_reflect_find_iface(iface) : NULL;
    return d ? d->name : "(unknown interface)";
}

static void rights_text(uint32_t rights, char *out, size_t cap) {
    static const char *const names[] = {"call", "recv",  "derive",  "transfer",
                                        "read", "write", "control", "bind"};
    size_t n = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < 8; i++) {
        if (!(rights & (1u << i)))
            continue;
        int w = rt_snprintf(out + n, cap - n, "%s%s", n ? "+" : "", names[i]);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

void sh_cmd_caps(shell_t *sh, int argc, char **argv) {
    (void)argc, (void)argv;
    uint32_t count = 0;
    sh_print(sh, "%-14s %-18s %-22s %s\n", "NAME", "INTERFACE", "RIGHTS", "FROM");
    for (uint32_t i = 0; i < SH_MAX_CAPS; i++) {
        sh_cap_t *e = &sh->caps.e[i];
        if (!e->used)
            continue;
        cap_info_t info;
        char rights[64] = "?";
        if (cap_info(e->cap, &info) == CAP_OK)
            rights_text(info.rights, rights, sizeof rights);
        else
            rt_snprintf(rights, sizeof rights, "(gone)");
        sh_print(sh, "%-14s %-18s %-22s %s\n", e->name, iface_name(e->iface), rights,
                 sh_origin_name((sh_origin_t)e->origin));
        count++;
    }
    sh_print(sh, "%u capabilities; session profile: %s\n", count, sh->profile);
}

static const char *scope_name(uint32_t scope) {
    switch (scope) {
    case CAP_SCOPE_SAME_SESSION:
        return "same_session";
    case CAP_SCOPE_SERVICE_REGRANT_ONLY:
        return "service_regrant_only";
    case CAP_SCOPE_CROSS_SESSION_SHAREABLE:
        return "cross_session_shareable";
    }
    return "?";
}

void sh_cmd_inspect(shell_t *sh, int argc, char **argv) {
    if (argc != 2) {
        sh_print(sh, "usage: inspect NAME\n");
        return;
    }
    sh_cap_t *e = sh_need_cap(sh, "inspect", argv[1]);
    if (!e)
        return;
    cap_info_t info;
    cap_err_t err = cap_info(e->cap, &info);
    if (err != CAP_OK) {
        sh_fail(sh, "inspect", "the capability is gone", err);
        return;
    }
    char rights[64];
    rights_text(info.rights, rights, sizeof rights);
    sh_print(sh, "%s: %s, kernel object type %u, rights %s, transfer scope %s, from %s\n", e->name,
             iface_name(e->iface), info.type, rights, scope_name(info.scope),
             sh_origin_name((sh_origin_t)e->origin));
    const idl_iface_desc_t *d = e->iface ? idl_reflect_find_iface(e->iface) : NULL;
    if (!d)
        return;
    for (uint32_t m = 0; m < d->nmethods; m++) {
        char sig[200];
        (void)idl_text_signature(&d->methods[m], sig, sizeof sig);
        sh_print(sh, "  %s\n", sig);
    }
}

void sh_drop_origin(shell_t *sh, sh_origin_t origin) {
    for (uint32_t i = 0; i < SH_MAX_CAPS; i++) {
        sh_cap_t *e = &sh->caps.e[i];
        if (e->used && e->origin == origin) {
            (void)cap_release(e->cap);
            sh_caps_forget(e);
        }
    }
}

sh_cap_t *sh_need_cap(shell_t *sh, const char *cmd, const char *name) {
    sh_cap_t *e = sh_caps_find(&sh->caps, name);
    if (!e)
        sh_print(sh, "%s: no capability named '%s' (see 'caps')\n", cmd, name);
    return e;
}

void sh_cmd_release(shell_t *sh, int argc, char **argv) {
    if (argc != 2) {
        sh_print(sh, "usage: release NAME\n");
        return;
    }
    sh_cap_t *e = sh_need_cap(sh, "release", argv[1]);
    if (!e)
        return;
    if (e->cap == sh->terminal) {
        sh_print(sh, "release: the shell needs 'terminal' to talk to you; not released\n");
        return;
    }
    if (e->cap == sh->session)
        sh->session = CAP_NULL;
    cap_err_t err = cap_release(e->cap);
    sh_caps_forget(e);
    if (err != CAP_OK)
        sh_fail(sh, "release", "the handle was already gone", err);
    else
        sh_print(sh, "released %s\n", argv[1]);
}
