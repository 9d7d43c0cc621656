/*
 * Path resolution over the fixed namespace a capOS process sees. Pure: no
 * capOS calls; whether a file is granted is decided by pkg_grant.h.
 *
 *   /                 directory
 *   /pkg              directory: boot-package entries, each /pkg/NAME
 *   /dev              directory: urandom, random (both entropy), null
 *
 * Paths are walked component by component: empty components ("//") and "."
 * are skipped, ".." goes to the parent, and a ".." at the root is refused
 * (-ENOENT) instead of staying there: nothing is above "/". Relative paths
 * start at "/" (there is no working directory). A component after a file, or
 * a trailing "/" after one, is -ENOTDIR.
 */
#ifndef POSIX_PATH_H
#define POSIX_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "capos/bootpkg_name.h"

#define POSIX_PATH_MAX 4096u /* bytes including the NUL, as Linux PATH_MAX */
#define POSIX_NAME_MAX 255u  /* longest component, as Linux NAME_MAX */

typedef enum {
    PATH_ROOT_DIR = 1,
    PATH_PKG_DIR,
    PATH_DEV_DIR,
    PATH_PKG_FILE, /* name holds the boot-package entry name */
    PATH_DEV_URANDOM,
    PATH_DEV_NULL,
} path_kind_t;

typedef struct {
    path_kind_t kind;
    uint32_t name_len;
    char name[BOOTPKG_NAME_MAX + 1]; /* NUL-terminated; PATH_PKG_FILE only */
} path_target_t;

static inline int path_is_dir(path_kind_t k) {
    return k == PATH_ROOT_DIR || k == PATH_PKG_DIR || k == PATH_DEV_DIR;
}

/*
 * Resolves the len bytes at path (no NUL among them). Returns 0 and fills
 * *out, or a negative errno: -ENOENT (empty path, embedded NUL, ".." above
 * "/", no such name, a /pkg name that is no valid boot-package name),
 * -ENAMETOOLONG (len >= POSIX_PATH_MAX, or a component over POSIX_NAME_MAX),
 * -ENOTDIR (a component or trailing "/" after a file).
 */
int path_resolve(const char *path, size_t len, path_target_t *out);

#endif
