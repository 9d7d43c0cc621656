/* Whole-file reads and atomic writes for mkmanifest. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mkmanifest.h"

bool read_file(const char *path, bool missing_ok, char **data, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL && missing_ok && errno == ENOENT) {
        *data = calloc(1, 1);
        *size = 0;
        return *data != NULL;
    }
    if (f == NULL) {
        fprintf(stderr, "mkmanifest: cannot open '%s': %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len + 1 < cap || ferror(f))
            break;
        char *grown = realloc(buf, cap * 2);
        if (grown == NULL)
            free(buf);
        buf = grown;
        cap *= 2;
    }
    bool ok = buf != NULL && !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(stderr, "mkmanifest: cannot read '%s'\n", path);
        free(buf);
        return false;
    }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    return true;
}

bool write_file(const char *path, const void *data, size_t size, unsigned mode) {
    size_t tmp_len = strlen(path) + sizeof ".tmp";
    char *tmp = malloc(tmp_len);
    if (tmp == NULL)
        return false;
    snprintf(tmp, tmp_len, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
    bool ok = fd >= 0 && fchmod(fd, (mode_t)mode) == 0 &&
              (size == 0 || write(fd, data, size) == (ssize_t)size);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "mkmanifest: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}
