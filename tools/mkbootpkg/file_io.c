#define _POSIX_C_SOURCE 200809L /* rename/unlink semantics, snprintf */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkbootpkg.h"

static bool read_stream(FILE *f, uint8_t **data, size_t *size) {
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);

    if (buf == NULL)
        return false;
    for (;;) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            return false;
        }
        buf = grown;
        cap *= 2;
    }
    if (ferror(f)) {
        free(buf);
        return false;
    }
    *data = buf;
    *size = len;
    return true;
}

bool read_file(const char *path, uint8_t **data, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "mkbootpkg: cannot open '%s': %s\n", path, strerror(errno));
        return false;
    }
    bool ok = read_stream(f, data, size);
    if (!ok)
        fprintf(stderr, "mkbootpkg: cannot read '%s'\n", path);
    fclose(f);
    return ok;
}

bool write_file_atomic(const char *path, const uint8_t *data, size_t size) {
    size_t tmp_len = strlen(path) + sizeof ".tmp";
    char *tmp = malloc(tmp_len);
    if (tmp == NULL) {
        fprintf(stderr, "mkbootpkg: out of memory\n");
        return false;
    }
    snprintf(tmp, tmp_len, "%s.tmp", path);

    FILE *f = fopen(tmp, "wb");
    bool ok = f != NULL && fwrite(data, 1, size, f) == size;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "mkbootpkg: cannot write '%s': %s\n", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return ok;
}
