/* Component-by-component walk of the fixed namespace (see path.h). */
#include <errno.h>
#include <string.h>

#include "path.h"

static int name_is(const char *s, size_t n, const char *lit) {
    return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static int become(path_target_t *at, path_kind_t kind) {
    at->kind = kind;
    return 0;
}

/* One step from a directory: the node named by component c[0..n). */
static int step_down(path_target_t *at, const char *c, size_t n) {
    switch (at->kind) {
    case PATH_ROOT_DIR:
        if (name_is(c, n, "pkg"))
            return become(at, PATH_PKG_DIR);
        if (name_is(c, n, "dev"))
            return become(at, PATH_DEV_DIR);
        return -ENOENT;
    case PATH_DEV_DIR:
        if (name_is(c, n, "urandom") || name_is(c, n, "random"))
            return become(at, PATH_DEV_URANDOM);
        if (name_is(c, n, "null"))
            return become(at, PATH_DEV_NULL);
        return -ENOENT;
    case PATH_PKG_DIR:
        if (!bootpkg_name_valid(c, (uint32_t)n))
            return -ENOENT;
        memcpy(at->name, c, n);
        at->name[n] = '\0';
        at->name_len = (uint32_t)n;
        return become(at, PATH_PKG_FILE);
    default:
        return -ENOTDIR;
    }
}

/* Applies one non-empty component to *at. */
static int step(path_target_t *at, const char *c, size_t n) {
    if (n > POSIX_NAME_MAX)
        return -ENAMETOOLONG;
    if (!path_is_dir(at->kind))
        return -ENOTDIR;
    if (name_is(c, n, "."))
        return 0;
    if (name_is(c, n, "..")) {
        if (at->kind == PATH_ROOT_DIR)
            return -ENOENT; /* an escape attempt: nothing is above "/" */
        return become(at, PATH_ROOT_DIR);
    }
    return step_down(at, c, n);
}

int path_resolve(const char *path, size_t len, path_target_t *out) {
    if (len >= POSIX_PATH_MAX)
        return -ENAMETOOLONG;
    if (len == 0 || memchr(path, '\0', len))
        return -ENOENT;
    path_target_t at = {.kind = PATH_ROOT_DIR};
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && path[i] != '/')
            i++;
        if (i > start) {
            int r = step(&at, path + start, i - start);
            if (r < 0)
                return r;
        }
        while (i < len && path[i] == '/')
            i++;
    }
    if (path[len - 1] == '/' && !path_is_dir(at.kind))
        return -ENOTDIR;
    *out = at;
    return 0;
}
