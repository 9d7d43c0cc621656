/* Boot package reader and writer: round trip, one test per malformation with
 * its exact error, and fault sweeps (every truncation, every single-bit flip
 * of the header and table) run under the sanitizers. */
#include <stdlib.h>

#include "capos/bootpkg.h"
#include "capos/bootpkg_writer.h"
#include "capos/byteorder.h"
#include "check.h"

static const char manifest_text[] = "init init\n";
static uint8_t init_bin[100];
static uint8_t console_bin[17];

/* Four entries: "manifest", "init", "empty" (0 bytes), "svc.console-1_x". */
static void build_sample(uint8_t **pkg, size_t *size) {
    const bootpkg_item_t items[] = {
        {"manifest", (const uint8_t *)manifest_text, sizeof manifest_text - 1},
        {"init", init_bin, sizeof init_bin},
        {"empty", NULL, 0},
        {"svc.console-1_x", console_bin, sizeof console_bin},
    };
    for (size_t i = 0; i < sizeof init_bin; i++)
        init_bin[i] = (uint8_t)(i ^ 0x5a);
    for (size_t i = 0; i < sizeof console_bin; i++)
        console_bin[i] = (uint8_t)(0xc0 + i);
    bootpkg_write_err_t err = bootpkg_write(items, 4, pkg, size, NULL);
    if (err != BOOTPKG_WRITE_OK) {
        fprintf(stderr, "cannot build sample: %s\n", bootpkg_write_strerror(err));
        exit(2);
    }
}

/* Opens an exact-size heap copy of the first len bytes of src, with
 * no slack after it, so any read past the end trips the sanitizer. */
static bootpkg_err_t open_copy(const uint8_t *src, size_t len) {
    uint8_t *copy = malloc(len ? len : 1);
    bootpkg_t pkg;
    memcpy(copy, src, len);
    bootpkg_err_t err = bootpkg_open(&pkg, copy, len);
    free(copy);
    return err;
}

static uint8_t *entry_field(uint8_t *pkg, uint32_t index) {
    return pkg + BOOTPKG_HEADER_BYTES + (size_t)index * BOOTPKG_ENTRY_BYTES;
}

static void set_offset(uint8_t *pkg, uint32_t index, uint64_t off) {
    store_le64(entry_field(pkg, index) + BOOTPKG_ENTRY_OFFSET_AT, off);
}

static void set_size(uint8_t *pkg, uint32_t index, uint64_t size) {
    store_le64(entry_field(pkg, index) + BOOTPKG_ENTRY_SIZE_AT, size);
}

static uint64_t get_offset(uint8_t *pkg, uint32_t index) {
    return load_le64(entry_field(pkg, index) + BOOTPKG_ENTRY_OFFSET_AT);
}

static void check_entry(const bootpkg_t *pkg, uint32_t i, const char *name, const void *data,
                        uint64_t size) {
    bootpkg_entry_t e;
    CHECK_EQ(bootpkg_entry(pkg, i, &e), BOOTPKG_OK);
    CHECK_EQ(e.name_len, strlen(name));
    CHECK(strcmp(e.name, name) == 0);
    CHECK_EQ(e.size, size);
    CHECK(size == 0 || memcmp(e.data, data, size) == 0);
    CHECK_EQ((e.data - pkg->base) % BOOTPKG_ALIGN, 0);

    bootpkg_entry_t f;
    CHECK_EQ(bootpkg_find(pkg, name, (uint32_t)strlen(name), &f), BOOTPKG_OK);
    CHECK(f.data == e.data && f.size == e.size && f.name == e.name);
}

static void test_round_trip(void) {
    uint8_t *buf;
    size_t size;
    bootpkg_t pkg;
    bootpkg_entry_t e;

    build_sample(&buf, &size);
    CHECK_EQ(bootpkg_open(&pkg, buf, size), BOOTPKG_OK);
    CHECK_EQ(pkg.count, 4);
    check_entry(&pkg, 0, "manifest", manifest_text, sizeof manifest_text - 1);
    check_entry(&pkg, 1, "init", init_bin, sizeof init_bin);
    check_entry(&pkg, 2, "empty", NULL, 0);
    check_entry(&pkg, 3, "svc.console-1_x", console_bin, sizeof console_bin);

    CHECK_EQ(bootpkg_entry(&pkg, 4, &e), BOOTPKG_ERR_NOT_FOUND);
    CHECK_EQ(bootpkg_entry(&pkg, UINT32_MAX, &e), BOOTPKG_ERR_NOT_FOUND);
    /* Lookups compare exactly name_len bytes; no terminator is needed. */
    CHECK_EQ(bootpkg_find(&pkg, "initX", 4, &e), BOOTPKG_OK);
    CHECK_EQ(e.size, sizeof init_bin);
    CHECK_EQ(bootpkg_find(&pkg, "ini", 3, &e), BOOTPKG_ERR_NOT_FOUND);
    CHECK_EQ(bootpkg_find(&pkg, "initX", 5, &e), BOOTPKG_ERR_NOT_FOUND);
    CHECK_EQ(bootpkg_find(&pkg, NULL, 0, &e), BOOTPKG_ERR_NOT_FOUND);
    CHECK_EQ(bootpkg_find(&pkg, "nope", 4, &e), BOOTPKG_ERR_NOT_FOUND);
    free(buf);
}

static void test_empty_and_full_packages(void) {
    static bootpkg_item_t items[BOOTPKG_MAX_ENTRIES + 1];
    static char names[BOOTPKG_MAX_ENTRIES + 1][16];
    uint8_t *buf;
    size_t size;
    bootpkg_t pkg;

    CHECK_EQ(bootpkg_write(NULL, 0, &buf, &size, NULL), BOOTPKG_WRITE_OK);
    CHECK_EQ(size, BOOTPKG_HEADER_BYTES);
    CHECK_EQ(bootpkg_open(&pkg, buf, size), BOOTPKG_OK);
    CHECK_EQ(pkg.count, 0);
    free(buf);

    for (unsigned i = 0; i <= BOOTPKG_MAX_ENTRIES; i++) {
        snprintf(names[i], sizeof names[i], "b%u", i);
        items[i] = (bootpkg_item_t){names[i], (const uint8_t *)names[i], strlen(names[i])};
    }
    CHECK_EQ(bootpkg_write(items, BOOTPKG_MAX_ENTRIES, &buf, &size, NULL), BOOTPKG_WRITE_OK);
    CHECK_EQ(bootpkg_open(&pkg, buf, size), BOOTPKG_OK);
    CHECK_EQ(pkg.count, BOOTPKG_MAX_ENTRIES);
    free(buf);
    CHECK_EQ(bootpkg_write(items, BOOTPKG_MAX_ENTRIES + 1, &buf, &size, NULL),
             BOOTPKG_WRITE_ERR_TOO_MANY);
    CHECK(buf == NULL && size == 0);
}

static void test_writer_rejects_bad_input(void) {
    static const char n47[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu";
    static const char n48[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv";
    uint8_t *buf;
    size_t size;
    uint32_t bad = 99;

    bootpkg_item_t ok[] = {{n47, NULL, 0}};
    CHECK_EQ(bootpkg_write(ok, 1, &buf, &size, &bad), BOOTPKG_WRITE_OK);
    CHECK_EQ(bad, 1);
    free(buf);

    bootpkg_item_t too_long[] = {{"a", NULL, 0}, {n48, NULL, 0}};
    CHECK_EQ(bootpkg_write(too_long, 2, &buf, &size, &bad), BOOTPKG_WRITE_ERR_BAD_NAME);
    CHECK_EQ(bad, 1);
    bootpkg_item_t bad_char[] = {{"a/b", NULL, 0}};
    CHECK_EQ(bootpkg_write(bad_char, 1, &buf, &size, &bad), BOOTPKG_WRITE_ERR_BAD_NAME);
    CHECK_EQ(bad, 0);
    bootpkg_item_t empty[] = {{"", NULL, 0}};
    CHECK_EQ(bootpkg_write(empty, 1, &buf, &size, &bad), BOOTPKG_WRITE_ERR_BAD_NAME);
    bootpkg_item_t dup[] = {{"x", NULL, 0}, {"y", NULL, 0}, {"x", NULL, 0}};
    CHECK_EQ(bootpkg_write(dup, 3, &buf, &size, &bad), BOOTPKG_WRITE_ERR_DUPLICATE);
    CHECK_EQ(bad, 2);
    CHECK(buf == NULL);
}

/* Applies edit to a fresh copy of the sample and expects open to give want. */
typedef void (*edit_fn)(uint8_t *pkg, size_t size);

static void expect_edit(const char *what, edit_fn edit, bootpkg_err_t want) {
    uint8_t *buf;
    size_t size;
    build_sample(&buf, &size);
    edit(buf, size);
    bootpkg_err_t got = open_copy(buf, size);
    if (!check_record(got == want, what, __FILE__, __LINE__))
        fprintf(stderr, "    got %s, expected %s\n", bootpkg_strerror(got), bootpkg_strerror(want));
    free(buf);
}

static void edit_magic(uint8_t *p, size_t n) {
    (void)n;
    p[7] = '2';
}

static void edit_count_129(uint8_t *p, size_t n) {
    (void)n;
    store_le32(p + 8, BOOTPKG_MAX_ENTRIES + 1);
}

static void edit_count_max(uint8_t *p, size_t n) {
    (void)n;
    store_le32(p + 8, UINT32_MAX);
}

static void edit_reserved(uint8_t *p, size_t n) {
    (void)n;
    p[15] = 0x80;
}

static void edit_name_no_nul(uint8_t *p, size_t n) {
    (void)n;
    memset(entry_field(p, 1), 'a', BOOTPKG_NAME_FIELD);
}

static void edit_name_empty(uint8_t *p, size_t n) {
    (void)n;
    memset(entry_field(p, 1), 0, BOOTPKG_NAME_FIELD);
}

static void edit_name_slash(uint8_t *p, size_t n) {
    (void)n;
    entry_field(p, 1)[2] = '/';
}

static void edit_name_space(uint8_t *p, size_t n) {
    (void)n;
    entry_field(p, 1)[0] = ' ';
}

static void edit_name_high_bit(uint8_t *p, size_t n) {
    (void)n;
    entry_field(p, 1)[3] = (uint8_t)0xe9;
}

static void edit_name_garbage_after_nul(uint8_t *p, size_t n) {
    (void)n;
    entry_field(p, 1)[BOOTPKG_NAME_FIELD - 1] = 'x';
}

static void edit_duplicate(uint8_t *p, size_t n) {
    (void)n;
    memcpy(entry_field(p, 3), entry_field(p, 1), BOOTPKG_NAME_FIELD);
}

static void edit_offset_in_header(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 2, 0);
}

static void edit_offset_in_table(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 2, BOOTPKG_HEADER_BYTES + 3 * BOOTPKG_ENTRY_BYTES); /* empty blob */
}

static void edit_unaligned(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 2, get_offset(p, 2) + 1); /* empty blob: only alignment is wrong */
}

static void edit_offset_overflow(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 3, UINT64_MAX - 15); /* aligned; offset + 32 wraps */
    set_size(p, 3, 32);
}

static void edit_size_overflow(uint8_t *p, size_t n) {
    (void)n;
    set_size(p, 3, UINT64_MAX);
}

static void edit_size_past_end(uint8_t *p, size_t n) {
    set_size(p, 3, n - get_offset(p, 3) + 1);
}

static void edit_size_to_end(uint8_t *p, size_t n) {
    set_size(p, 3, n - get_offset(p, 3));
}

static void edit_same_offset(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 3, get_offset(p, 1)); /* 17 bytes inside init's 100 */
}

static void edit_partial_overlap(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 0, get_offset(p, 1) - 16); /* manifest's 10 bytes... */
    set_size(p, 0, 17);                      /* ...grown to reach into init */
}

static void edit_empty_inside_other(uint8_t *p, size_t n) {
    (void)n;
    set_offset(p, 2, get_offset(p, 1) + 16);
}

static void test_malformed(void) {
    expect_edit("bad magic", edit_magic, BOOTPKG_ERR_MAGIC);
    expect_edit("count 129", edit_count_129, BOOTPKG_ERR_TOO_MANY);
    expect_edit("count UINT32_MAX", edit_count_max, BOOTPKG_ERR_TOO_MANY);
    expect_edit("reserved != 0", edit_reserved, BOOTPKG_ERR_RESERVED);
    expect_edit("name without NUL", edit_name_no_nul, BOOTPKG_ERR_BAD_NAME);
    expect_edit("empty name", edit_name_empty, BOOTPKG_ERR_BAD_NAME);
    expect_edit("name with '/'", edit_name_slash, BOOTPKG_ERR_BAD_NAME);
    expect_edit("name with ' '", edit_name_space, BOOTPKG_ERR_BAD_NAME);
    expect_edit("name with high byte", edit_name_high_bit, BOOTPKG_ERR_BAD_NAME);
    expect_edit("garbage after NUL", edit_name_garbage_after_nul, BOOTPKG_ERR_BAD_NAME);
    expect_edit("duplicate names", edit_duplicate, BOOTPKG_ERR_DUPLICATE);
    expect_edit("offset inside header", edit_offset_in_header, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("offset inside table", edit_offset_in_table, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("unaligned offset", edit_unaligned, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("offset + size overflows", edit_offset_overflow, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("size UINT64_MAX", edit_size_overflow, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("size past end", edit_size_past_end, BOOTPKG_ERR_BAD_RANGE);
    expect_edit("size exactly to end", edit_size_to_end, BOOTPKG_OK);
    expect_edit("blobs at same offset", edit_same_offset, BOOTPKG_ERR_OVERLAP);
    expect_edit("blobs partially overlap", edit_partial_overlap, BOOTPKG_ERR_OVERLAP);
    expect_edit("empty blob inside another", edit_empty_inside_other, BOOTPKG_OK);
}

static void test_truncated_header_and_table(void) {
    uint8_t *buf;
    size_t size;
    bootpkg_t pkg;

    build_sample(&buf, &size);
    CHECK_EQ(open_copy(buf, 0), BOOTPKG_ERR_TRUNCATED);
    CHECK_EQ(open_copy(buf, BOOTPKG_HEADER_BYTES - 1), BOOTPKG_ERR_TRUNCATED);
    CHECK_EQ(open_copy(buf, BOOTPKG_HEADER_BYTES), BOOTPKG_ERR_TRUNCATED);
    CHECK_EQ(open_copy(buf, BOOTPKG_HEADER_BYTES + 4 * BOOTPKG_ENTRY_BYTES - 1),
             BOOTPKG_ERR_TRUNCATED);
    CHECK_EQ(bootpkg_open(&pkg, NULL, size), BOOTPKG_ERR_TRUNCATED);
    CHECK_EQ(pkg.count, 0);
    free(buf);
}

/* Every proper prefix of a valid package is rejected without a fault. */
static void test_truncation_sweep(void) {
    uint8_t *buf;
    size_t size;
    unsigned accepted = 0;

    build_sample(&buf, &size);
    for (size_t len = 0; len < size; len++)
        accepted += open_copy(buf, len) == BOOTPKG_OK;
    CHECK_EQ(accepted, 0);
    CHECK_EQ(open_copy(buf, size), BOOTPKG_OK);
    free(buf);
}

/* Any single-bit flip in header or table either is rejected or yields a
 * package whose every entry lies within it and can be found by name. */
static void test_bit_flip_sweep(void) {
    uint8_t *buf;
    size_t size;
    unsigned bad = 0;

    build_sample(&buf, &size);
    size_t meta = BOOTPKG_HEADER_BYTES + 4 * BOOTPKG_ENTRY_BYTES;
    for (size_t bit = 0; bit < meta * 8; bit++) {
        bootpkg_t pkg;
        buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        if (bootpkg_open(&pkg, buf, size) == BOOTPKG_OK) {
            for (uint32_t i = 0; i < pkg.count; i++) {
                bootpkg_entry_t e, f;
                bad += bootpkg_entry(&pkg, i, &e) != BOOTPKG_OK;
                bad += e.data < buf || e.size > size || (size_t)(e.data - buf) > size - e.size;
                bad += bootpkg_find(&pkg, e.name, e.name_len, &f) != BOOTPKG_OK || f.data != e.data;
            }
        }
        buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    CHECK_EQ(bad, 0);
    free(buf);
}

static void test_strerror(void) {
    for (int e = BOOTPKG_OK; e <= BOOTPKG_ERR_RESERVED; e++)
        CHECK(strcmp(bootpkg_strerror((bootpkg_err_t)e), "unknown bootpkg error") != 0);
    CHECK(bootpkg_strerror((bootpkg_err_t)1000) != NULL);
}

int main(void) {
    test_round_trip();
    test_empty_and_full_packages();
    test_writer_rejects_bad_input();
    test_malformed();
    test_truncated_header_and_table();
    test_truncation_sweep();
    test_bit_flip_sweep();
    test_strerror();
    return check_summary();
}
