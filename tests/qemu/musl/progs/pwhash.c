/*
 * PHC-string interop with libsodium: verifies the host's argon2id string
 * (/pkg/verifier, made by tools/phc) against the test password
 * (/pkg/password), rejects a wrong password, and makes a verifier of its own
 * that the test driver checks on the host. The password is never printed.
 * Runs with: console, clock, entropy, memory, file:password, file:verifier.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "common.h"

#define OWN_OPSLIMIT 2
#define OWN_MEMLIMIT (8u << 20)

/* The first line of a /pkg file, without its newline; false if unreadable. */
static bool read_line(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "r");
    bool ok = f && fgets(buf, (int)cap, f);
    if (f)
        fclose(f);
    if (ok)
        buf[strcspn(buf, "\r\n")] = '\0';
    return ok && buf[0];
}

static void check_host_verifier(const char *password) {
    char verifier[crypto_pwhash_STRBYTES];
    if (!test_check(read_line("/pkg/verifier", verifier, sizeof(verifier)), "read_verifier"))
        return;
    test_check(strncmp(verifier, "$argon2id$v=19$m=", 17) == 0, "host_verifier_is_argon2id");
    test_check(crypto_pwhash_str_verify(verifier, password, strlen(password)) == 0,
               "host_verifier_accepts_password");
    char wrong[256];
    snprintf(wrong, sizeof(wrong), "%s!", password);
    test_check(crypto_pwhash_str_verify(verifier, wrong, strlen(wrong)) != 0,
               "host_verifier_rejects_wrong_password");
    sodium_memzero(wrong, sizeof(wrong));
}

static void make_own_verifier(const char *password) {
    char own[crypto_pwhash_STRBYTES];
    int rc = crypto_pwhash_str(own, password, strlen(password), OWN_OPSLIMIT, OWN_MEMLIMIT);
    if (!test_check(rc == 0, "crypto_pwhash_str"))
        return;
    test_check(crypto_pwhash_str_verify(own, password, strlen(password)) == 0,
               "own_verifier_accepts_password");
    printf("pwhash.guest_verifier: %s\n", own);
}

int main(void) {
    test_start("pwhash");
    if (!test_check(sodium_init() >= 0, "sodium_init"))
        return test_finish();
    char password[200];
    if (test_check(read_line("/pkg/password", password, sizeof(password)), "read_password")) {
        check_host_verifier(password);
        make_own_verifier(password);
    }
    sodium_memzero(password, sizeof(password));
    return test_finish();
}
