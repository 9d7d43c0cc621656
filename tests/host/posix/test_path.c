/* Path resolution (path.h) and the CapSet naming convention (pkg_grant.h),
 * including hostile paths and CapSets. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "path.h"
#include "pkg_grant.h"

static int resolve(const char *p, path_target_t *t) {
    return path_resolve(p, strlen(p), t);
}

/* p resolves to /pkg/<name>. */
static bool is_pkg(const char *p, const char *name) {
    path_target_t t;
    return resolve(p, &t) == 0 && t.kind == PATH_PKG_FILE && t.name_len == strlen(name) &&
           strcmp(t.name, name) == 0;
}

static int kind_of(const char *p) {
    path_target_t t;
    int r = resolve(p, &t);
    return r < 0 ? r : (int)t.kind;
}

static void test_normal_paths(void) {
    CHECK(is_pkg("/pkg/config", "config"));
    CHECK(is_pkg("/pkg/./config", "config"));
    CHECK(is_pkg("//pkg//config", "config"));
    CHECK(is_pkg("/./pkg/.//./config", "config"));
    CHECK(is_pkg("/pkg/../pkg/config", "config"));
    CHECK(is_pkg("/dev/../pkg/app.conf-2_x", "app.conf-2_x"));
    CHECK(is_pkg("pkg/config", "config")); /* relative: from "/" */
    CHECK_EQ(kind_of("/"), PATH_ROOT_DIR);
    CHECK_EQ(kind_of("/pkg"), PATH_PKG_DIR);
    CHECK_EQ(kind_of("/pkg/"), PATH_PKG_DIR);
    CHECK_EQ(kind_of("/dev"), PATH_DEV_DIR);
    CHECK_EQ(kind_of("/dev/urandom"), PATH_DEV_URANDOM);
    CHECK_EQ(kind_of("/dev/random"), PATH_DEV_URANDOM);
    CHECK_EQ(kind_of("/dev/null"), PATH_DEV_NULL);
    CHECK_EQ(kind_of("/pkg/.."), PATH_ROOT_DIR);
}

static void test_hostile_paths(void) {
    CHECK_EQ(kind_of(""), -ENOENT);
    CHECK_EQ(kind_of(".."), -ENOENT);
    CHECK_EQ(kind_of("/.."), -ENOENT);
    CHECK_EQ(kind_of("/../pkg/config"), -ENOENT);
    CHECK_EQ(kind_of("/pkg/../../pkg/config"), -ENOENT);
    CHECK_EQ(kind_of("/pkg/../etc/passwd"), -ENOENT);
    CHECK_EQ(kind_of("/etc/passwd"), -ENOENT);
    CHECK_EQ(kind_of("/PKG/config"), -ENOENT);
    CHECK_EQ(kind_of("/dev/sda"), -ENOENT);
    CHECK_EQ(kind_of("/pkg/config/"), -ENOTDIR);
    CHECK_EQ(kind_of("/pkg/config/."), -ENOTDIR);
    CHECK_EQ(kind_of("/pkg/config/.."), -ENOTDIR);
    CHECK_EQ(kind_of("/pkg/config/x"), -ENOTDIR);
    CHECK_EQ(kind_of("/dev/null/"), -ENOTDIR);
    CHECK_EQ(kind_of("/pkg/bad name"), -ENOENT);
    CHECK_EQ(kind_of("/pkg/file:config"), -ENOENT);
    CHECK_EQ(kind_of("/pkg/\xc3\xa9"), -ENOENT);
    path_target_t t;
    CHECK_EQ(path_resolve("/pkg/con\0fig", 12, &t), -ENOENT); /* embedded NUL */
    CHECK_EQ(path_resolve("/pkg/config", 0, &t), -ENOENT);
}

static void test_long_paths(void) {
    char name[BOOTPKG_NAME_MAX + 2], path[POSIX_PATH_MAX + 16];
    memset(name, 'n', sizeof(name));
    name[BOOTPKG_NAME_MAX] = '\0';
    snprintf(path, sizeof(path), "/pkg/%s", name);
    CHECK(is_pkg(path, name)); /* the longest boot-package name */
    name[BOOTPKG_NAME_MAX] = 'n';
    name[BOOTPKG_NAME_MAX + 1] = '\0';
    snprintf(path, sizeof(path), "/pkg/%s", name);
    CHECK_EQ(kind_of(path), -ENOENT); /* one longer: no such entry can exist */

    char component[POSIX_NAME_MAX + 2];
    memset(component, 'c', POSIX_NAME_MAX + 1);
    component[POSIX_NAME_MAX + 1] = '\0';
    snprintf(path, sizeof(path), "/pkg/%s", component);
    CHECK_EQ(kind_of(path), -ENAMETOOLONG);

    /* "/././...": PATH_MAX - 1 bytes still resolve, PATH_MAX bytes do not */
    for (size_t i = 0; i < POSIX_PATH_MAX; i++)
        path[i] = i % 2 ? '.' : '/';
    path_target_t t;
    CHECK_EQ(path_resolve(path, POSIX_PATH_MAX - 1, &t), 0);
    CHECK_EQ(t.kind, PATH_ROOT_DIR);
    CHECK_EQ(path_resolve(path, POSIX_PATH_MAX, &t), -ENAMETOOLONG);
}

static capset_t capset_with(const char *const *names, const uint32_t *types, uint32_t n) {
    capset_t cs;
    memset(&cs, 0, sizeof(cs));
    cs.count = n;
    for (uint32_t i = 0; i < n; i++) {
        memcpy(cs.entries[i].name, names[i], strlen(names[i]));
        cs.entries[i].cap = 100 + i;
        cs.entries[i].type = types[i];
    }
    return cs;
}

static void test_grants(void) {
    const char *names[] = {"console", "file:config", "file:clock", "memory"};
    const uint32_t types[] = {CAP_TYPE_CONSOLE, CAP_TYPE_BOOTPACKAGE, CAP_TYPE_CLOCK,
                              CAP_TYPE_MEMORY};
    capset_t cs = capset_with(names, types, 4);
    bool whole = true;
    CHECK_EQ(pkg_grant_lookup(&cs, "config", 6, &whole), 101);
    CHECK(!whole);
    CHECK_EQ(pkg_grant_lookup(&cs, "secret", 6, &whole), CAP_NULL);
    CHECK_EQ(pkg_grant_lookup(&cs, "conf", 4, &whole), CAP_NULL);  /* no prefix matches */
    CHECK_EQ(pkg_grant_lookup(&cs, "clock", 5, &whole), CAP_NULL); /* wrong type */
    CHECK_EQ(capset_find(&cs, "console", CAP_TYPE_CONSOLE), 100);
    CHECK_EQ(capset_find(&cs, "console", CAP_TYPE_MEMORY), CAP_NULL);
    CHECK_EQ(capset_find(&cs, "consol", CAP_TYPE_CONSOLE), CAP_NULL);
    CHECK_EQ(capset_find(&cs, "", CAP_TYPE_CONSOLE), CAP_NULL);

    const char *whole_names[] = {"bootpackage", "file:config"};
    const uint32_t whole_types[] = {CAP_TYPE_BOOTPACKAGE, CAP_TYPE_BOOTPACKAGE};
    capset_t ws = capset_with(whole_names, whole_types, 2);
    CHECK_EQ(pkg_grant_lookup(&ws, "config", 6, &whole), 101); /* the narrow grant first */
    CHECK(!whole);
    CHECK_EQ(pkg_grant_lookup(&ws, "anything", 8, &whole), 100);
    CHECK(whole);
}

static void test_hostile_capsets(void) {
    char grant[CAPSET_NAME_MAX];
    CHECK(pkg_grant_name("eighteen-chars-abc", 18, grant)); /* "file:" + 18 = 23 */
    CHECK(strcmp(grant, "file:eighteen-chars-abc") == 0);
    CHECK(!pkg_grant_name("nineteen-chars-abcd", 19, grant)); /* cannot be a CapSet name */
    CHECK(!pkg_grant_name("", 0, grant));
    CHECK(!pkg_grant_name("a\0b", 3, grant));

    capset_t cs;
    memset(&cs, 'x', sizeof(cs)); /* names without NUL, count far too large */
    cs.count = 100000;
    for (uint32_t i = 0; i < CAPSET_MAX_ENTRIES; i++)
        cs.entries[i].type = CAP_TYPE_BOOTPACKAGE;
    char all_x[CAPSET_NAME_MAX];
    memset(all_x, 'x', sizeof(all_x) - 1);
    all_x[CAPSET_NAME_MAX - 1] = '\0';
    CHECK_EQ(capset_find(&cs, all_x, CAP_TYPE_BOOTPACKAGE), CAP_NULL);
    bool whole;
    char long_name[64];
    memset(long_name, 'x', sizeof(long_name));
    CHECK_EQ(pkg_grant_lookup(&cs, long_name, sizeof(long_name), &whole), CAP_NULL);
}

int main(void) {
    test_normal_paths();
    test_hostile_paths();
    test_long_paths();
    test_grants();
    test_hostile_capsets();
    return check_summary();
}
