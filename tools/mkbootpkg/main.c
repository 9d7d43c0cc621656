/* mkbootpkg command line. */
#include <stdio.h>
#include <string.h>

#include "mkbootpkg.h"

static int usage(void) {
    fprintf(stderr,
            "usage: mkbootpkg -o OUT.pkg [--manifest FILE] [--no-manifest-check] NAME=PATH...\n"
            "       mkbootpkg --list PKG\n"
            "\n"
            "  -o OUT.pkg           package to write\n"
            "  --manifest FILE      store FILE as the entry \"manifest\"\n"
            "  --no-manifest-check  do not validate the manifest entry (for negative tests)\n"
            "  NAME=PATH            add the contents of PATH as entry NAME\n"
            "  --list PKG           validate PKG and print its entries\n");
    return MKBOOTPKG_EXIT_USAGE;
}

/* Option value following argv[*i], or NULL (after a message) if missing. */
static const char *option_value(int argc, char **argv, int *i) {
    if (*i + 1 >= argc) {
        fprintf(stderr, "mkbootpkg: %s needs an argument\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int main(int argc, char **argv) {
    build_opts_t opts = {.check_manifest = true, .specs = argv + argc, .nspecs = 0};
    const char *list_path = NULL;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "-o") == 0)
            slot = &opts.out_path;
        else if (strcmp(argv[i], "--manifest") == 0)
            slot = &opts.manifest_path;
        else if (strcmp(argv[i], "--list") == 0)
            slot = &list_path;
        else if (strcmp(argv[i], "--no-manifest-check") == 0)
            opts.check_manifest = false;
        else
            return usage();
        if (slot != NULL && (*slot = option_value(argc, argv, &i)) == NULL)
            return usage();
    }
    opts.specs = argv + i;
    opts.nspecs = (size_t)(argc - i);

    if (list_path != NULL) {
        if (opts.out_path != NULL || opts.manifest_path != NULL || opts.nspecs != 0)
            return usage();
        return mkbootpkg_list(list_path);
    }
    if (opts.out_path == NULL)
        return usage();
    return mkbootpkg_build(&opts);
}
