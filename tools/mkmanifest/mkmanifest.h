/*
 * mkmanifest internals. Every command returns the process exit status:
 * 0 success, 1 failure (a message has been printed to stderr), 2 usage.
 */
#ifndef MKMANIFEST_H
#define MKMANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/system_manifest.h"

#define MKMANIFEST_EXIT_OK 0
#define MKMANIFEST_EXIT_FAIL 1
#define MKMANIFEST_EXIT_USAGE 2
#define MKMANIFEST_MAX_ENTRIES 128u /* BOOTPKG_MAX_ENTRIES */

typedef struct {
    const char *manifest_path;
    const char *out_path;
    const char *cred_in;                         /* verifier records to add; may be absent */
    const char *cred_out;                        /* where the "credentials" entry goes, or NULL */
    const char *keys_in;                         /* authorized_key lines to add; may be absent */
    bool check;                                  /* run the service graph checks */
    const char *entries[MKMANIFEST_MAX_ENTRIES]; /* -e: the package's other entries */
    size_t nentries;
} compile_opts_t;

int mkmanifest_compile(const compile_opts_t *opts);
int mkmanifest_dump(const char *image_path);

/* Writes the "credentials" entry: the manifest's credential records, then
 * those of opts->cred_in (if the file exists), each checked, no account or
 * credential id twice. Messages name file:line and the fault, never the
 * record. */
bool write_credentials(const compile_opts_t *opts, const char *manifest, const system_t *sys);

/* Reads a whole file into a malloc'd, NUL-terminated buffer. With
 * missing_ok a missing file reads as empty. Prints a message on failure. */
bool read_file(const char *path, bool missing_ok, char **data, size_t *size);

/* Writes data to path through a temporary file (created with mode) renamed
 * into place, so path is either untouched or complete. */
bool write_file(const char *path, const void *data, size_t size, unsigned mode);

#endif
