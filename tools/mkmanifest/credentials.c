/* The boot package's "credentials" entry: verifier records from the
 * manifest and from a provisioned state file (`./capos provision`). Records
 * are checked field by field; no message ever contains one. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capos/verifier_line.h"
#include "mkmanifest.h"

#define MAX_RECORDS 16u /* the credential store's bootstrap limit */
#define MAX_LINE 512u   /* and its line limit */

typedef struct {
    char *out; /* the entry being built */
    size_t len, cap;
    unsigned count;
    verifier_line_t seen[MAX_RECORDS];
} creds_t;

/* Appends one checked record (line[0..len)) unless it repeats an account or
 * credential id or overflows the limit. */
static bool add(creds_t *c, const char *path, unsigned line_no, const char *line, size_t len) {
    verifier_line_t v;
    if (len > MAX_LINE) {
        fprintf(stderr, "mkmanifest: %s:%u: credential record longer than %u bytes\n", path,
                line_no, MAX_LINE);
        return false;
    }
    verifier_err_t err = verifier_line_parse(line, len, &v);
    if (err != VERIFIER_OK) {
        fprintf(stderr, "mkmanifest: %s:%u: malformed credential record: %s\n", path, line_no,
                verifier_strerror(err));
        return false;
    }
    for (unsigned i = 0; i < c->count; i++) {
        if (!strcmp(c->seen[i].account, v.account) || c->seen[i].credential_id == v.credential_id) {
            fprintf(stderr,
                    "mkmanifest: %s:%u: second credential for account '%s' or id %" PRIu64 "\n",
                    path, line_no, v.account, v.credential_id);
            return false;
        }
    }
    if (c->count == MAX_RECORDS || len + 1 > c->cap - c->len) {
        fprintf(stderr, "mkmanifest: %s:%u: more than %u credential records\n", path, line_no,
                MAX_RECORDS);
        return false;
    }
    c->seen[c->count++] = v;
    memcpy(c->out + c->len, line, len);
    c->len += len;
    c->out[c->len++] = '\n';
    return true;
}

/* Every record line of a credentials file; blank lines and lines starting
 * with '#' are skipped. */
static bool add_file(creds_t *c, const char *path, const char *text, size_t size) {
    unsigned line_no = 0;
    for (size_t pos = 0; pos < size;) {
        const char *nl = memchr(text + pos, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) : size - pos;
        const char *line = text + pos;
        size_t skip = strspn(line, " \t");
        line_no++;
        pos += len + 1;
        if (skip >= len || line[skip] == '#')
            continue;
        if (!add(c, path, line_no, line, len))
            return false;
    }
    return true;
}

bool write_credentials(const compile_opts_t *opts, const char *manifest, const system_t *sys) {
    creds_t c = {.cap = MAX_RECORDS * (MAX_LINE + 1)};
    char *file = NULL;
    size_t size = 0;
    bool ok = (c.out = malloc(c.cap)) != NULL;
    for (uint32_t i = 0; ok && i < sys->ncredentials; i++) {
        const sys_credential_t *r = &sys->credentials[i];
        ok = add(&c, opts->manifest_path, r->line, manifest + r->offset, r->length);
    }
    if (ok && opts->cred_in)
        ok =
            read_file(opts->cred_in, true, &file, &size) && add_file(&c, opts->cred_in, file, size);
    ok = ok && write_file(opts->cred_out, c.out, c.len, 0600);
    if (c.out)
        memset(c.out, 0, c.cap);
    if (file)
        memset(file, 0, size);
    free(c.out);
    free(file);
    return ok;
}
