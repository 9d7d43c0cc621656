/* mkmanifest compile mode: manifest text (plus authorized keys from a
 * provisioned file) -> checked system image (and the credentials entry). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capos/service_graph.h"
#include "capos/system_image.h"
#include "capos/verifier_line.h"
#include "mkmanifest.h"

/* init's CapSet as the kernel grants it (kernel/main.c); init re-checks
 * against the real one at boot. */
static const char *const root_caps[] = {"console", "entropy",        "clock",   "bootpackage",
                                        "spawner", "memory",         "ioports", "irq_control",
                                        "pci",     "session_minter", "inspect", NULL};

static bool has_root(void *ctx, const char *name) {
    (void)ctx;
    for (size_t i = 0; root_caps[i]; i++)
        if (!strcmp(root_caps[i], name))
            return true;
    return false;
}

/* The package's entries: the -e list plus the two mkmanifest makes. */
static bool has_entry(void *ctx, const char *name) {
    const compile_opts_t *opts = ctx;
    if (!strcmp(name, "system") || (opts->cred_out && !strcmp(name, "credentials")))
        return true;
    for (size_t i = 0; i < opts->nentries; i++)
        if (!strcmp(opts->entries[i], name))
            return true;
    return false;
}

#define TOKEN_SHOWN 40 /* bytes of an offending token a message shows (keys are long) */

static bool parse(const char *path, const char *text, size_t len, system_t *sys) {
    sys_parse_where_t where;
    sys_parse_err_t err = system_manifest_parse(text, len, sys, &where);
    if (err == SYS_PARSE_OK)
        return true;
    const char *detail =
        err == SYS_PARSE_ERR_BAD_CREDENTIAL       ? verifier_strerror((verifier_err_t)where.detail)
        : err == SYS_PARSE_ERR_BAD_AUTHORIZED_KEY ? authkey_strerror((authkey_err_t)where.detail)
                                                  : NULL;
    fprintf(stderr, "mkmanifest: %s:%u: %s", path, where.line, system_parse_strerror(err));
    if (detail)
        fprintf(stderr, ": %s", detail);
    if (where.tok_len > 0 && err != SYS_PARSE_ERR_BAD_CREDENTIAL)
        fprintf(stderr, ": '%.*s%s'",
                where.tok_len > TOKEN_SHOWN ? TOKEN_SHOWN : (int)where.tok_len,
                text + where.tok_off, where.tok_len > TOKEN_SHOWN ? "..." : "");
    fprintf(stderr, "\n");
    return false;
}

/* The authorized keys of opts->keys_in (if the file exists; only
 * authorized_key lines, checked like the manifest's) after the manifest's
 * own; a record the manifest already has is skipped. */
static bool merge_keys(const compile_opts_t *opts, system_t *sys) {
    char *text = NULL;
    size_t len = 0;
    system_t *extra = malloc(sizeof *extra);
    bool ok = extra != NULL && read_file(opts->keys_in, true, &text, &len) &&
              parse(opts->keys_in, text, len, extra);
    if (ok && (extra->nservices || extra->nprofiles || extra->ncredentials || extra->guest_set)) {
        fprintf(stderr, "mkmanifest: %s: only authorized_key lines belong here\n", opts->keys_in);
        ok = false;
    }
    for (uint32_t i = 0; ok && i < extra->nauthorized_keys; i++) {
        const sys_authorized_key_t *k = &extra->authorized_keys[i];
        if (sys_authorized_key_find(sys->authorized_keys, sys->nauthorized_keys, k->account,
                                    strlen(k->account), k->blob, k->blob_len) >= 0)
            continue;
        if (sys->nauthorized_keys == SYS_MAX_AUTHORIZED_KEYS) {
            fprintf(stderr, "mkmanifest: %s: more than %u authorized keys in all\n", opts->keys_in,
                    SYS_MAX_AUTHORIZED_KEYS);
            ok = false;
            break;
        }
        sys->authorized_keys[sys->nauthorized_keys++] = *k;
    }
    free(text);
    free(extra);
    return ok;
}

static bool check(const compile_opts_t *opts, const system_t *sys) {
    sg_result_t res;
    sg_env_t env = {(void *)opts, has_entry, has_root, NULL}; /* the bus is known at boot only */
    if (service_graph_check(sys, &env, &res) == SG_OK)
        return true;
    char msg[512];
    service_graph_describe(sys, &res, msg, sizeof msg);
    fprintf(stderr, "mkmanifest: %s:%u: %s\n", opts->manifest_path, service_graph_line(sys, &res),
            msg);
    return false;
}

static bool emit(const compile_opts_t *opts, const system_t *sys) {
    uint8_t *image = malloc(SYS_IMAGE_MAX);
    size_t len = 0;
    bool ok = image != NULL;
    if (ok && system_image_encode(sys, image, SYS_IMAGE_MAX, &len) != SYS_IMAGE_OK) {
        fprintf(stderr, "mkmanifest: %s: the image would exceed %u bytes\n", opts->manifest_path,
                SYS_IMAGE_MAX);
        ok = false;
    }
    ok = ok && write_file(opts->out_path, image, len, 0644);
    free(image);
    return ok;
}

/* Credential records go only to the credentials entry; never drop them. */
static bool credentials_have_a_home(const compile_opts_t *opts, const system_t *sys) {
    if (sys->ncredentials == 0 || opts->cred_out != NULL)
        return true;
    fprintf(stderr, "mkmanifest: %s:%u: credential records need --credentials-out\n",
            opts->manifest_path, sys->credentials[0].line);
    return false;
}

int mkmanifest_compile(const compile_opts_t *opts) {
    char *text = NULL;
    size_t len = 0;
    system_t *sys = malloc(sizeof *sys);
    bool ok = sys != NULL && read_file(opts->manifest_path, false, &text, &len) &&
              parse(opts->manifest_path, text, len, sys) &&
              (opts->keys_in == NULL || merge_keys(opts, sys)) &&
              credentials_have_a_home(opts, sys) && (!opts->check || check(opts, sys)) &&
              (opts->cred_out == NULL || write_credentials(opts, text, sys)) && emit(opts, sys);
    free(text);
    free(sys);
    return ok ? MKMANIFEST_EXIT_OK : MKMANIFEST_EXIT_FAIL;
}
