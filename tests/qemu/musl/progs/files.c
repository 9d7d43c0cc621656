/*
 * Authority over files comes only from the CapSet. This program holds
 * console, memory and file:config, nothing else: the granted file opens
 * read-only, writing it is EACCES, and every other name (an entry that is
 * in the boot package but not granted, /etc/passwd, escapes with "..",
 * /dev/urandom without an entropy cap) is ENOENT.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

#define CONFIG_TEXT "greeting = hello from a granted file\n"

/* open(path, flags) must fail with want. */
static void refused(const char *what, const char *path, int flags, int want) {
    errno = 0;
    int fd = open(path, flags);
    test_errno(fd, errno, want, what);
    if (fd >= 0)
        close(fd);
}

static void check_granted(const char *what, const char *path) {
    char buf[128] = {0};
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    test_check(n == (ssize_t)strlen(CONFIG_TEXT) && strcmp(buf, CONFIG_TEXT) == 0, what);
    if (fd >= 0) {
        EXPECT_ERRNO(write(fd, "x", 1), EBADF, "write_to_read_only_fd");
        close(fd);
    }
}

static void check_refusals(void) {
    refused("write_granted", "/pkg/config", O_WRONLY, EACCES);
    refused("readwrite_granted", "/pkg/config", O_RDWR, EACCES);
    refused("truncate_granted", "/pkg/config", O_RDONLY | O_TRUNC, EACCES);
    refused("ungranted_secret", "/pkg/secret", O_RDONLY, ENOENT);
    refused("ungranted_secret_for_write", "/pkg/secret", O_WRONLY, ENOENT);
    refused("ungranted_own_binary", "/pkg/musl-files", O_RDONLY, ENOENT);
    refused("ungranted_manifest", "/pkg/manifest", O_RDONLY, ENOENT);
    refused("etc_passwd", "/etc/passwd", O_RDONLY, ENOENT);
    refused("dotdot_to_etc_passwd", "/pkg/../etc/passwd", O_RDONLY, ENOENT);
    refused("dotdot_above_root", "/../pkg/config", O_RDONLY, ENOENT);
    refused("file_as_directory", "/pkg/config/", O_RDONLY, ENOTDIR);
    refused("urandom_without_entropy", "/dev/urandom", O_RDONLY, ENOENT);
    struct stat st;
    EXPECT_ERRNO(stat("/pkg/secret", &st), ENOENT, "stat_ungranted_secret");
}

static void check_no_other_authority(void) {
    char b[8];
    EXPECT_ERRNO(getrandom(b, sizeof(b), 0), EPERM, "getrandom_without_entropy");
    EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, 0), EAFNOSUPPORT, "socket");
    EXPECT_ERRNO(listen(1, 1), ENOTSOCK, "listen_on_console");
}

int main(void) {
    test_start("files");
    check_granted("granted_config", "/pkg/config");
    check_granted("granted_config_normalised", "//pkg/./config");
    check_refusals();
    check_no_other_authority();
    return test_finish();
}
