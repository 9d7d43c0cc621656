/* mkbootpkg build mode: stage NAME=PATH inputs, validate, write the package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capos/boot_manifest.h"
#include "capos/bootpkg.h"
#include "capos/bootpkg_writer.h"
#include "mkbootpkg.h"

#define MANIFEST_ENTRY "manifest"

typedef struct {
    char name[BOOTPKG_NAME_FIELD];
    const char *path;
    uint8_t *data;
    size_t size;
} staged_t;

typedef struct {
    staged_t *items;
    size_t count;
} stage_t;

static bool name_ok(const char *name, size_t len) {
    if (len <= BOOTPKG_NAME_MAX && bootpkg_name_valid(name, (uint32_t)len))
        return true;
    fprintf(stderr,
            "mkbootpkg: invalid entry name '%.*s' (need 1..%u characters from "
            "[A-Za-z0-9._-])\n",
            (int)len, name, BOOTPKG_NAME_MAX);
    return false;
}

static const staged_t *stage_find(const stage_t *st, const char *name) {
    for (size_t i = 0; i < st->count; i++) {
        if (strcmp(st->items[i].name, name) == 0)
            return &st->items[i];
    }
    return NULL;
}

/* Appends one entry; st->items has room for every input. */
static bool stage_add(stage_t *st, const char *name, size_t name_len, const char *path) {
    staged_t *s = &st->items[st->count];

    if (!name_ok(name, name_len))
        return false;
    memset(s->name, 0, sizeof s->name);
    memcpy(s->name, name, name_len);
    const staged_t *prev = stage_find(st, s->name);
    if (prev != NULL) {
        fprintf(stderr, "mkbootpkg: duplicate entry name '%s' ('%s' and '%s')\n", s->name,
                prev->path, path);
        return false;
    }
    if (!read_file(path, &s->data, &s->size))
        return false;
    s->path = path;
    st->count++;
    return true;
}

static bool stage_spec(stage_t *st, const char *spec) {
    const char *eq = strchr(spec, '=');
    if (eq == NULL || eq[1] == '\0') {
        fprintf(stderr, "mkbootpkg: expected NAME=PATH, got '%s'\n", spec);
        return false;
    }
    return stage_add(st, spec, (size_t)(eq - spec), eq + 1);
}

/* The "manifest" entry, if present, must parse and name an init binary that
 * is also in the package. */
static bool check_manifest(const stage_t *st) {
    const staged_t *m = stage_find(st, MANIFEST_ENTRY);
    boot_manifest_t parsed;
    uint32_t line = 0;

    if (m == NULL)
        return true;
    boot_manifest_err_t err = boot_manifest_parse((const char *)m->data, m->size, &parsed, &line);
    if (err != BOOT_MANIFEST_OK) {
        fprintf(stderr, "mkbootpkg: %s:%u: %s\n", m->path, line, boot_manifest_strerror(err));
        return false;
    }
    if (stage_find(st, parsed.init) == NULL) {
        fprintf(stderr, "mkbootpkg: %s: init '%s' is not among the package entries\n", m->path,
                parsed.init);
        return false;
    }
    return true;
}

/* Serialises the staged entries, re-validates the result with the reader
 * the kernel uses, and writes it out. */
static bool emit_package(const stage_t *st, const char *out_path) {
    bootpkg_item_t *items = calloc(st->count ? st->count : 1, sizeof *items);
    uint8_t *pkg = NULL;
    size_t size = 0;
    bool ok = false;

    if (items == NULL) {
        fprintf(stderr, "mkbootpkg: out of memory\n");
        return false;
    }
    for (size_t i = 0; i < st->count; i++)
        items[i] = (bootpkg_item_t){st->items[i].name, st->items[i].data, st->items[i].size};
    bootpkg_write_err_t werr = bootpkg_write(items, (uint32_t)st->count, &pkg, &size, NULL);
    bootpkg_t check;
    bootpkg_err_t rerr = BOOTPKG_OK;
    if (werr != BOOTPKG_WRITE_OK)
        fprintf(stderr, "mkbootpkg: %s\n", bootpkg_write_strerror(werr));
    else if ((rerr = bootpkg_open(&check, pkg, size)) != BOOTPKG_OK)
        fprintf(stderr, "mkbootpkg: internal error: %s\n", bootpkg_strerror(rerr));
    else
        ok = write_file_atomic(out_path, pkg, size);
    free(pkg);
    free(items);
    return ok;
}

static bool stage_all(stage_t *st, const build_opts_t *opts) {
    if (opts->manifest_path != NULL &&
        !stage_add(st, MANIFEST_ENTRY, strlen(MANIFEST_ENTRY), opts->manifest_path))
        return false;
    for (size_t i = 0; i < opts->nspecs; i++) {
        if (!stage_spec(st, opts->specs[i]))
            return false;
    }
    return !opts->check_manifest || check_manifest(st);
}

int mkbootpkg_build(const build_opts_t *opts) {
    size_t total = opts->nspecs + (opts->manifest_path != NULL);
    if (total > BOOTPKG_MAX_ENTRIES) {
        fprintf(stderr, "mkbootpkg: %zu entries, at most %u allowed\n", total, BOOTPKG_MAX_ENTRIES);
        return MKBOOTPKG_EXIT_FAIL;
    }
    stage_t st = {calloc(total ? total : 1, sizeof(staged_t)), 0};
    if (st.items == NULL) {
        fprintf(stderr, "mkbootpkg: out of memory\n");
        return MKBOOTPKG_EXIT_FAIL;
    }
    bool ok = stage_all(&st, opts) && emit_package(&st, opts->out_path);
    for (size_t i = 0; i < st.count; i++)
        free(st.items[i].data);
    free(st.items);
    return ok ? MKBOOTPKG_EXIT_OK : MKBOOTPKG_EXIT_FAIL;
}
