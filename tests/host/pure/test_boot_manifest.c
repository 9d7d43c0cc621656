/* Boot manifest parser: accepted forms, every error kind with its line
 * number, and bounds (no reads past len, checked under ASan with exact-size
 * heap copies). */
#include <stdlib.h>

#include "capos/boot_manifest.h"
#include "check.h"

typedef struct {
    boot_manifest_err_t err;
    uint32_t line;
    boot_manifest_t m;
} result_t;

/* Parses an exact-size heap copy of the len bytes at text. */
static result_t parse_n(const char *text, size_t len) {
    result_t r;
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    memset(&r.m, 0xee, sizeof r.m);
    r.line = 12345;
    r.err = boot_manifest_parse(copy, len, &r.m, &r.line);
    free(copy);
    return r;
}

static result_t parse(const char *text) {
    return parse_n(text, strlen(text));
}

static void expect_ok(const char *text, const char *init, uint64_t pages) {
    result_t r = parse(text);
    if (!check_record(r.err == BOOT_MANIFEST_OK, text, __FILE__, __LINE__)) {
        fprintf(stderr, "    got %s at line %u\n", boot_manifest_strerror(r.err), r.line);
        return;
    }
    CHECK_EQ(r.line, 0);
    CHECK_EQ(r.m.init_len, strlen(init));
    CHECK(strcmp(r.m.init, init) == 0);
    CHECK_EQ(r.m.init_memory_pages, pages);
    /* init is NUL-padded to the end of its field. */
    size_t nonzero = 0;
    for (size_t i = r.m.init_len; i < sizeof r.m.init; i++)
        nonzero += r.m.init[i] != 0;
    CHECK_EQ(nonzero, 0);
}

static void expect_err_n(const char *text, size_t len, boot_manifest_err_t err, uint32_t line) {
    result_t r = parse_n(text, len);
    bool ok = r.err == err && r.line == line;
    if (!check_record(ok, text, __FILE__, __LINE__))
        fprintf(stderr, "    got %s at line %u, expected %s at line %u\n",
                boot_manifest_strerror(r.err), r.line, boot_manifest_strerror(err), line);
    /* On failure the output is untouched. */
    CHECK_EQ(r.m.init_len, 0xeeeeeeeeu);
}

static void expect_err(const char *text, boot_manifest_err_t err, uint32_t line) {
    expect_err_n(text, strlen(text), err, line);
}

static void test_valid(void) {
    expect_ok("init init", "init", BOOT_MANIFEST_DEFAULT_PAGES);
    expect_ok("init init\n", "init", BOOT_MANIFEST_DEFAULT_PAGES);
    expect_ok("# boot manifest\n\ninit   svc.init-2_b  \ninit_memory_pages 1\n", "svc.init-2_b", 1);
    expect_ok("init_memory_pages 1048576\ninit a", "a", 1048576);
    expect_ok("  # indented comment\n   \n  init x\n#trailing", "x", BOOT_MANIFEST_DEFAULT_PAGES);
    expect_ok("init x\ninit_memory_pages 0000000000000000000000000042\n", "x", 42);
    expect_ok("#init bad/name\ninit x\n# init y\n", "x", BOOT_MANIFEST_DEFAULT_PAGES);
    expect_ok("init abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu\n",
              "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu", BOOT_MANIFEST_DEFAULT_PAGES);
    expect_ok("\n\n\ninit x\n\n\n", "x", BOOT_MANIFEST_DEFAULT_PAGES);
}

static void test_line_length(void) {
    char text[600];
    /* "init x" + padding spaces: exactly 255 bytes is fine, 256 is not. */
    memset(text, ' ', sizeof text);
    memcpy(text, "init x", 6);
    text[255] = '\n';
    CHECK_EQ(parse_n(text, 256).err, BOOT_MANIFEST_OK);
    CHECK_EQ(parse_n(text, 255).err, BOOT_MANIFEST_OK);
    text[255] = ' ';
    text[256] = '\n';
    expect_err_n(text, 257, BOOT_MANIFEST_ERR_LINE_TOO_LONG, 1);
    expect_err_n(text, 256, BOOT_MANIFEST_ERR_LINE_TOO_LONG, 1);

    /* A too-long comment on line 3 is still too long. */
    memcpy(text, "init x\n\n#", 9);
    memset(text + 9, 'c', 300);
    expect_err_n(text, 309, BOOT_MANIFEST_ERR_LINE_TOO_LONG, 3);
}

static void test_errors(void) {
    expect_err("", BOOT_MANIFEST_ERR_MISSING_INIT, 0);
    expect_err("# only a comment\n\n", BOOT_MANIFEST_ERR_MISSING_INIT, 0);
    expect_err("init_memory_pages 5\n", BOOT_MANIFEST_ERR_MISSING_INIT, 0);
    expect_err("init x\nfoo bar\n", BOOT_MANIFEST_ERR_UNKNOWN_KEY, 2);
    expect_err("INIT x\n", BOOT_MANIFEST_ERR_UNKNOWN_KEY, 1);
    expect_err("init\tx\n", BOOT_MANIFEST_ERR_UNKNOWN_KEY, 1);
    expect_err("\n\ninit\n", BOOT_MANIFEST_ERR_SYNTAX, 3);
    expect_err("init   \n", BOOT_MANIFEST_ERR_SYNTAX, 1);
    expect_err("init x y\n", BOOT_MANIFEST_ERR_SYNTAX, 1);
    expect_err("init x\ninit_memory_pages 5 # note\n", BOOT_MANIFEST_ERR_SYNTAX, 2);
    expect_err("init_memory_pages\ninit x\n", BOOT_MANIFEST_ERR_SYNTAX, 1);
    expect_err("init a/b\n", BOOT_MANIFEST_ERR_BAD_NAME, 1);
    expect_err("# c\ninit x\r\n", BOOT_MANIFEST_ERR_BAD_NAME, 2);
    expect_err("init abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv\n",
               BOOT_MANIFEST_ERR_BAD_NAME, 1);
    expect_err("init x\ninit_memory_pages 0\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages 1048577\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages 18446744073709551617\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages 99999999999999999999999999999\n",
               BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages -1\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages +1\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\ninit_memory_pages 0x10\n", BOOT_MANIFEST_ERR_BAD_NUMBER, 2);
    expect_err("init x\n#\ninit y\n", BOOT_MANIFEST_ERR_DUPLICATE, 3);
    expect_err("init_memory_pages 1\ninit x\ninit_memory_pages 2\n", BOOT_MANIFEST_ERR_DUPLICATE,
               3);
    expect_err_n("init x\n\0", 8, BOOT_MANIFEST_ERR_NUL, 2);
    expect_err_n("init x\0\n", 8, BOOT_MANIFEST_ERR_NUL, 1);
    expect_err_n("# a\0b\ninit x\n", 12, BOOT_MANIFEST_ERR_NUL, 1);
}

/* The first error wins: later faults are not reached. */
static void test_first_error_reported(void) {
    expect_err("bogus 1\ninit a/b\n", BOOT_MANIFEST_ERR_UNKNOWN_KEY, 1);
    expect_err("init a/b\nbogus 1\n", BOOT_MANIFEST_ERR_BAD_NAME, 1);
}

/* len bounds the input: text beyond len, even a NUL or a bad line, is never
 * read, and every prefix of a valid manifest parses without a fault. */
static void test_len_is_respected(void) {
    static const char text[] = "# m\ninit svc\ninit_memory_pages 64\n";
    result_t r = parse_n("init x\nbogus", 7);
    CHECK_EQ(r.err, BOOT_MANIFEST_OK);
    r = parse_n("init x\0", 6);
    CHECK_EQ(r.err, BOOT_MANIFEST_OK);
    for (size_t len = 0; len < sizeof text; len++) {
        r = parse_n(text, len);
        CHECK(r.err == BOOT_MANIFEST_OK || r.err == BOOT_MANIFEST_ERR_MISSING_INIT ||
              r.err == BOOT_MANIFEST_ERR_SYNTAX || r.err == BOOT_MANIFEST_ERR_UNKNOWN_KEY);
    }
    CHECK_EQ(boot_manifest_parse(NULL, 0, &r.m, NULL), BOOT_MANIFEST_ERR_MISSING_INIT);
}

static void test_strerror(void) {
    for (int e = BOOT_MANIFEST_OK; e <= BOOT_MANIFEST_ERR_NUL; e++)
        CHECK(strcmp(boot_manifest_strerror((boot_manifest_err_t)e),
                     "unknown boot manifest error") != 0);
}

int main(void) {
    test_valid();
    test_line_length();
    test_errors();
    test_first_error_reported();
    test_len_is_respected();
    test_strerror();
    return check_summary();
}
