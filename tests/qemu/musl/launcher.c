/*
 * musl scenario launcher: runs as init ("launch-ROLE"), spawns the role's
 * musl program with exactly the grants listed for it, waits for it and
 * reports its exit code. Native (lib/rt): the musl programs themselves never
 * see init's root capabilities.
 *
 * Grant names: "console", "clock", "entropy" (narrowed copies of init's),
 * "memory" (a sub-quota of memory_pages pages) and "file:NAME" (a
 * BootPackage hold badged to the entry NAME, which lib/posix opens as
 * /pkg/NAME).
 */
#include "capos/rt.h"
#include "capos/idl/bootpackage.h"
#include "capos/idl/memory.h"
#include "capos/idl/process.h"

#define MAX_GRANTS 7  /* plus memory: IPC_MAX_CAPS */
#define NAME_FIELD 48 /* BootPackage.entry: string<48> */

typedef struct {
    const char *role;
    const char *child;
    uint64_t memory_pages;
    const char *grants[MAX_GRANTS + 1]; /* NULL-terminated */
} role_t;

static const role_t roles[] = {
    {"basic", "musl-basic", 8192, {"console", "clock", "entropy", "file:config", NULL}},
    {"mbedtls", "musl-mbedtls", 4096, {"console", "clock", "entropy", NULL}},
    {"pwhash",
     "musl-pwhash",
     8192,
     {"console", "clock", "entropy", "file:password", "file:verifier", NULL}},
    {"cjson", "musl-cjson", 1024, {"console", NULL}},
    {"files", "musl-files", 1024, {"console", "file:config", NULL}},
};

/* s after prefix, or NULL when s does not start with it. */
static const char *after_prefix(const char *s, const char *prefix) {
    for (; *prefix; s++, prefix++)
        if (*s != *prefix)
            return NULL;
    return s;
}

static const role_t *find_role(void) {
    const char *role = after_prefix(rt_program(), "launch-");
    for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
        if (!strcmp(role, roles[i].role))
            return &roles[i];
    return NULL;
}

/* Index of the boot-package entry called name. */
static cap_err_t entry_index(const char *name, uint32_t *index) {
    cap_t pkg = rt_cap("bootpackage");
    uint32_t count = 0;
    cap_err_t e = boot_package_count(pkg, &count);
    for (uint32_t i = 0; e == CAP_OK && i < count; i++) {
        char got[NAME_FIELD + 1];
        uint32_t len = 0;
        uint64_t size = 0;
        e = boot_package_entry(pkg, i, got, sizeof(got) - 1, &len, &size);
        got[e == CAP_OK ? len : 0] = '\0';
        if (e == CAP_OK && !strcmp(got, name)) {
            *index = i;
            return CAP_OK;
        }
    }
    return e == CAP_OK ? CAP_ERR_NOT_FOUND : e;
}

/* A transferable hold for grant name: file:NAME, or a copy of init's own. */
static cap_err_t make_grant(const char *name, cap_t *out) {
    const uint32_t rights = CAP_RIGHT_CALL | CAP_RIGHT_TRANSFER;
    const char *file = after_prefix(name, "file:");
    if (file) {
        uint32_t index = 0;
        cap_err_t e = entry_index(file, &index);
        if (e != CAP_OK)
            return e;
        return cap_derive(rt_cap("bootpackage"), rights, CAP_SCOPE_SAME_SESSION, 0, index + 1ull,
                          out);
    }
    cap_t own = rt_cap(name);
    if (own == CAP_NULL)
        return CAP_ERR_NOT_FOUND;
    return cap_derive(own, rights, CAP_SCOPE_SAME_SESSION, 0, 0, out);
}

static int run(const role_t *r) {
    rt_grant_t grants[IPC_MAX_CAPS];
    uint32_t n = 0;
    cap_err_t e = CAP_OK;
    for (; e == CAP_OK && r->grants[n]; n++) {
        grants[n] = (rt_grant_t){r->grants[n], CAP_NULL, IPC_CAP_MOVE};
        if ((e = make_grant(r->grants[n], &grants[n].cap)) != CAP_OK)
            rt_printf("launch: grant %s: %s\n", r->grants[n], rt_strerror(e));
    }
    if (e == CAP_OK && r->memory_pages) {
        grants[n] = (rt_grant_t){"memory", CAP_NULL, IPC_CAP_MOVE};
        e = memory_split(rt_cap("memory"), r->memory_pages, &grants[n++].cap);
    }
    cap_t child = CAP_NULL;
    if (e == CAP_OK)
        e = rt_spawn(rt_cap("spawner"), r->child, grants, n, &child);
    int64_t code = -1;
    if (e == CAP_OK)
        e = process_handle_wait(child, &code);
    if (e != CAP_OK) {
        rt_printf("launch: running %s failed: %s\n", r->child, rt_strerror(e));
        return 1;
    }
    rt_printf("launch: %s exited with %ld\n", r->child, code);
    return code == 0 ? 0 : 1;
}

int main(void) {
    const role_t *r = find_role();
    if (!r) {
        rt_printf("launch: no role for '%s'\n", rt_program());
        return 1;
    }
    rt_printf("launch: spawning %s with exactly:", r->child);
    for (size_t i = 0; r->grants[i]; i++)
        rt_printf(" %s", r->grants[i]);
    rt_printf("%s\n", r->memory_pages ? " memory" : "");
    return run(r);
}
