/* Audit detail words: valid names pass through, anything else falls back. */
#include <string.h>

#include "audit_word.h"
#include "check.h"

static const char *word(const char *name, uint32_t len) {
    static char out[AUDIT_DETAIL_MAX + 1];
    memset(out, 'x', sizeof out);
    audit_word_choose(name, len, "launch", out);
    return out;
}

int main(void) {
    CHECK(strcmp(word("hello", 5), "hello") == 0);
    CHECK(strcmp(word("hello-2_x", 9), "hello-2_x") == 0);
    CHECK(strcmp(word("helloXYZ", 5), "hello") == 0);
    CHECK(strcmp(word("Hello", 5), "launch") == 0);
    CHECK(strcmp(word("hello.elf", 9), "hello.elf") == 0); /* the detail alphabet has . and : */
    CHECK(strcmp(word("hello/elf", 9), "launch") == 0);
    CHECK(strcmp(word("", 0), "launch") == 0);
    CHECK(strcmp(word("abcdefghijklmnopqrstuvwx", 24), "abcdefghijklmnopqrstuvwx") == 0);
    CHECK(strcmp(word("abcdefghijklmnopqrstuvwxy", 25), "launch") == 0);
    CHECK(strcmp(word("a b", 3), "launch") == 0);
    return check_summary();
}
