/* mkmanifest command line: the host compiler of the system manifest. */
#include <stdio.h>
#include <string.h>

#include "mkmanifest.h"

static int usage(void) {
    fprintf(stderr,
            "usage: mkmanifest -o OUT [-e ENTRY]... [--no-check] [--credentials-in FILE]\n"
            "                  [--credentials-out FILE] [--authorized-keys-in FILE] MANIFEST\n"
            "       mkmanifest --dump IMAGE\n"
            "\n"
            "  -o OUT                  the compiled image (boot-package entry \"system\")\n"
            "  -e ENTRY                another entry of the same boot package (a binary or a\n"
            "                          file); repeat for each. \"system\" is implied, and\n"
            "                          \"credentials\" with --credentials-out\n"
            "  --no-check              skip the service graph checks (negative tests: init\n"
            "                          checks again and refuses to boot)\n"
            "  --credentials-in FILE   verifier records to add (state/credentials); a missing\n"
            "                          FILE adds none\n"
            "  --credentials-out FILE  write the manifest's and FILE's verifier records here\n"
            "                          (boot-package entry \"credentials\", mode 0600)\n"
            "  --authorized-keys-in FILE  authorized_key lines (state/authorized_keys) to add\n"
            "                          to the image after the manifest's own; a record the\n"
            "                          manifest has is skipped; a missing FILE adds none\n"
            "  --dump IMAGE            print a compiled image as manifest text\n");
    return MKMANIFEST_EXIT_USAGE;
}

/* The option value after argv[*i], or NULL. */
static const char *value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "mkmanifest: %s needs an argument\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* Parses options into opts (or *dump); false on a usage error. */
static bool parse_args(int argc, char **argv, compile_opts_t *opts, const char **dump) {
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char **slot = NULL;
        if (!strcmp(argv[i], "--no-check")) {
            opts->check = false;
            continue;
        }
        if (!strcmp(argv[i], "-e")) {
            if (opts->nentries == MKMANIFEST_MAX_ENTRIES)
                return false;
            slot = &opts->entries[opts->nentries++];
        } else if (!strcmp(argv[i], "-o")) {
            slot = &opts->out_path;
        } else if (!strcmp(argv[i], "--credentials-in")) {
            slot = &opts->cred_in;
        } else if (!strcmp(argv[i], "--credentials-out")) {
            slot = &opts->cred_out;
        } else if (!strcmp(argv[i], "--authorized-keys-in")) {
            slot = &opts->keys_in;
        } else if (!strcmp(argv[i], "--dump")) {
            slot = dump;
        } else {
            return false;
        }
        if ((*slot = value(argc, argv, &i)) == NULL)
            return false;
    }
    if (*dump)
        return i == argc && opts->out_path == NULL && opts->nentries == 0;
    if (i + 1 != argc || opts->out_path == NULL || (opts->cred_in && !opts->cred_out))
        return false;
    opts->manifest_path = argv[i];
    return true;
}

int main(int argc, char **argv) {
    compile_opts_t opts = {.check = true};
    const char *dump = NULL;
    if (!parse_args(argc, argv, &opts, &dump))
        return usage();
    return dump ? mkmanifest_dump(dump) : mkmanifest_compile(&opts);
}
