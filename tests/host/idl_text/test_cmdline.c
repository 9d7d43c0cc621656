/*
 * cmdline_split(): words, quoting, escapes, lengths and every error, checked
 * on copies of literal lines (the split rewrites its input).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"

#include "capos/cmdline.h"

#define MAX_WORDS 8

static char line[256];
static char *argv[MAX_WORDS];
static uint32_t lens[MAX_WORDS];
static char err[128];

static int split(const char *text, int max) {
    snprintf(line, sizeof line, "%s", text);
    memset(argv, 0, sizeof argv);
    return cmdline_split(line, argv, lens, max, err, sizeof err);
}

/* Word i is exactly the n bytes of want, NUL-terminated in place. */
static int word_is(int i, const char *want, uint32_t n) {
    return lens[i] == n && memcmp(argv[i], want, n) == 0 && argv[i][n] == '\0' && argv[i] >= line &&
           argv[i] < line + sizeof line;
}

#define CHECK_WORD(i, want) CHECK(word_is((i), (want), (uint32_t)sizeof(want) - 1))

static void test_plain(void) {
    CHECK_EQ(split("call clock sleep 1500", MAX_WORDS), 4);
    CHECK_WORD(0, "call");
    CHECK_WORD(1, "clock");
    CHECK_WORD(2, "sleep");
    CHECK_WORD(3, "1500");
    CHECK_EQ(split("  \t spaced\t\tout  ", MAX_WORDS), 2);
    CHECK_WORD(0, "spaced");
    CHECK_WORD(1, "out");
    CHECK_EQ(split("", MAX_WORDS), 0);
    CHECK_EQ(split("   \t ", MAX_WORDS), 0);
    CHECK(strcmp(err, "") == 0);
    /* Outside quotes a backslash is an ordinary byte. */
    CHECK_EQ(split("a\\b c\\", MAX_WORDS), 2);
    CHECK_WORD(0, "a\\b");
    CHECK_WORD(1, "c\\");
    /* Words may be NULL-less: lengths are optional. */
    snprintf(line, sizeof line, "x y");
    CHECK_EQ(cmdline_split(line, argv, NULL, MAX_WORDS, NULL, 0), 2);
}

static void test_quotes(void) {
    CHECK_EQ(split("write_line \"hello world\" \"\" x", MAX_WORDS), 4);
    CHECK_WORD(1, "hello world");
    CHECK_WORD(2, "");
    CHECK_WORD(3, "x");
    CHECK_EQ(split("ab\"c d\"ef \"\"\"\"", MAX_WORDS), 2);
    CHECK_WORD(0, "abc def");
    CHECK_WORD(1, "");
    CHECK_EQ(split("\"a \\\"quoted\\\" \\\\ word\"", MAX_WORDS), 1);
    CHECK_WORD(0, "a \"quoted\" \\ word");
    CHECK_EQ(split("\"\\n\\t\\r\\x41\\x7e\\xfF\"", MAX_WORDS), 1);
    CHECK_WORD(0, "\n\t\rA~\xff");
    CHECK_EQ(split("\"a\\0b\" \"\\x00\"", MAX_WORDS), 2);
    CHECK_WORD(0, "a\0b");
    CHECK_WORD(1, "\0");
}

static void test_errors(void) {
    CHECK_EQ(split("say \"unterminated", MAX_WORDS), -1);
    CHECK(strcmp(err, "unterminated quote") == 0);
    CHECK_EQ(split("\"ends in a backslash\\", MAX_WORDS), -1);
    CHECK(strcmp(err, "unterminated quote") == 0);
    CHECK_EQ(split("\"\\q\"", MAX_WORDS), -1);
    CHECK(strstr(err, "unknown escape at offset 1") != NULL);
    CHECK_EQ(split("x \"\\x4\"", MAX_WORDS), -1);
    CHECK(strstr(err, "unknown escape at offset 3") != NULL);
    CHECK_EQ(split("\"\\xg0\"", MAX_WORDS), -1);
    CHECK(strstr(err, "unknown escape") != NULL);
    CHECK_EQ(split("\"\\x", MAX_WORDS), -1);
    CHECK_EQ(split("a b c", 2), -1);
    CHECK(strcmp(err, "too many words (at most 2)") == 0);
    CHECK_EQ(split("a b", 2), 2);
    CHECK_EQ(split("a", 0), -1);
    CHECK_EQ(split("", 0), 0);
    CHECK_EQ(cmdline_split(NULL, argv, lens, 1, err, sizeof err), -1);
    /* A short error buffer still ends in a NUL. */
    snprintf(line, sizeof line, "\"open");
    char small[5];
    CHECK_EQ(cmdline_split(line, argv, lens, MAX_WORDS, small, sizeof small), -1);
    CHECK(strcmp(small, "unte") == 0);
}

int main(void) {
    test_plain();
    test_quotes();
    test_errors();
    return check_summary();
}
