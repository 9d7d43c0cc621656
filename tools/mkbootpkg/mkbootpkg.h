/*
 * mkbootpkg internals. Every command returns the process exit status:
 * 0 success, 1 failure (a message has been printed to stderr).
 */
#ifndef MKBOOTPKG_H
#define MKBOOTPKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MKBOOTPKG_EXIT_OK 0
#define MKBOOTPKG_EXIT_FAIL 1
#define MKBOOTPKG_EXIT_USAGE 2

typedef struct {
    const char *out_path;
    const char *manifest_path; /* NULL: no manifest entry from --manifest */
    bool check_manifest;       /* validate the "manifest" entry, if any */
    char **specs;              /* NAME=PATH arguments */
    size_t nspecs;
} build_opts_t;

int mkbootpkg_build(const build_opts_t *opts);
int mkbootpkg_list(const char *pkg_path);

/* Reads a whole file into a malloc'd buffer (never NULL on success, even for
 * an empty file). Prints a message and returns false on failure. */
bool read_file(const char *path, uint8_t **data, size_t *size);

/* Writes data to path via a temporary file renamed into place, so path is
 * either left untouched or fully written. Prints a message on failure. */
bool write_file_atomic(const char *path, const uint8_t *data, size_t size);

#endif
