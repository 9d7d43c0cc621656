/* phc command line: the password always comes on stdin (first line), never
 * in arguments (visible to other users) and is never printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "phc.h"

static int usage(void) {
    fprintf(stderr, "usage: phc hash [-t ITERATIONS] [-m MEMORY_KIB] [-p LANES] < password\n"
                    "       phc verify ENCODED < password\n"
                    "\n"
                    "  hash    prints an argon2id PHC string ($argon2id$v=19$m=...) for the\n"
                    "          password on stdin (defaults: -t 2 -m 8192 -p 1)\n"
                    "  verify  exit 0 if the password matches ENCODED, 1 if not, 2 on error\n");
    return PHC_ERROR;
}

/* Reads the password (the first line of stdin); its length, or -1. */
static long read_password(uint8_t *buf, size_t cap) {
    size_t len = fread(buf, 1, cap, stdin);
    if (ferror(stdin) || (len == cap && !memchr(buf, '\n', len))) {
        fprintf(stderr, "phc: cannot read a password of at most %zu bytes on stdin\n", cap - 1);
        return -1;
    }
    return (long)phc_line_length(buf, len);
}

/* A positive 32-bit option value, or 0. */
static uint32_t parse_u32(const char *s) {
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    return *s && !*end && v > 0 && v <= UINT32_MAX ? (uint32_t)v : 0;
}

static int parse_params(int argc, char **argv, phc_params_t *p) {
    *p = (phc_params_t){.t_cost = 2, .m_cost_kib = 8192, .lanes = 1};
    for (int i = 2; i < argc; i += 2) {
        uint32_t *slot = !strcmp(argv[i], "-t")   ? &p->t_cost
                         : !strcmp(argv[i], "-m") ? &p->m_cost_kib
                         : !strcmp(argv[i], "-p") ? &p->lanes
                                                  : NULL;
        if (!slot || i + 1 >= argc || !(*slot = parse_u32(argv[i + 1])))
            return -1;
    }
    return 0;
}

static int cmd_hash(int argc, char **argv) {
    phc_params_t p;
    uint8_t pw[PHC_MAX_PASSWORD + 1], salt[PHC_SALT_BYTES];
    char out[PHC_MAX_STRING];
    if (parse_params(argc, argv, &p) < 0)
        return usage();
    long len = read_password(pw, sizeof(pw));
    int rc = PHC_ERROR;
    if (len >= 0 && getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
        fprintf(stderr, "phc: no random salt\n");
    else if (len >= 0 && phc_hash(&p, pw, (size_t)len, salt, out, sizeof(out)) == 0)
        rc = printf("%s\n", out) > 0 ? 0 : PHC_ERROR;
    memset(pw, 0, sizeof(pw));
    return rc;
}

static int cmd_verify(int argc, char **argv) {
    uint8_t pw[PHC_MAX_PASSWORD + 1];
    if (argc != 3)
        return usage();
    long len = read_password(pw, sizeof(pw));
    phc_result_t r = len < 0 ? PHC_ERROR : phc_verify(argv[2], pw, (size_t)len);
    memset(pw, 0, sizeof(pw));
    return r;
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "hash"))
        return cmd_hash(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "verify"))
        return cmd_verify(argc, argv);
    return usage();
}
