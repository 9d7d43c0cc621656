/* Host unit tests for static ELF64 validation (kernel/sched/elf64.c): a
 * well-formed image is accepted, and each malformation is rejected. */
#include "../pure/check.h"
#include "sched/elf64.h"

#define LO 0x100000ull
#define HI 0x7fff00000000ull

static uint8_t img[8192];

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void phdr(int i, uint32_t flags, uint64_t off, uint64_t va, uint64_t filesz,
                 uint64_t memsz) {
    uint8_t *ph = img + 64 + 56 * i;
    put32(ph, 1);
    put32(ph + 4, flags);
    put64(ph + 8, off);
    put64(ph + 16, va);
    put64(ph + 32, filesz);
    put64(ph + 40, memsz);
}

/* text at 0x400000 (r-x), data at 0x401000 (rw-), entry in text */
static void build(void) {
    memset(img, 0, sizeof(img));
    memcpy(img,
           "\x7f"
           "ELF\x02\x01\x01",
           7);
    put16(img + 16, 2);
    put16(img + 18, 62);
    put64(img + 24, 0x400010);
    put64(img + 32, 64);
    put16(img + 54, 56);
    put16(img + 56, 2);
    phdr(0, 5, 0x1000, 0x400000, 0x100, 0x100);
    phdr(1, 6, 0x1100, 0x401000, 0x10, 0x2000);
}

static cap_err_t parse(void) {
    elf64_image_t out;
    return elf64_parse(img, sizeof(img), LO, HI, &out);
}

int main(void) {
    elf64_image_t out;
    build();
    CHECK_EQ(elf64_parse(img, sizeof(img), LO, HI, &out), CAP_OK);
    CHECK_EQ(out.nsegments, 2);
    CHECK_EQ(out.entry, 0x400010);
    CHECK_EQ(out.seg[0].prot, MAP_PROT_READ | MAP_PROT_EXEC);
    CHECK_EQ(out.seg[1].prot, MAP_PROT_READ | MAP_PROT_WRITE);

    for (uint64_t n = 0; n < 64 + 2 * 56; n++) /* every truncation of the headers */
        CHECK_EQ(elf64_parse(img, n, LO, HI, &out), CAP_ERR_BAD_ELF);

    build();
    img[4] = 1;
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* 32-bit */
    build();
    put16(img + 16, 3);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* ET_DYN */
    build();
    put16(img + 18, 3);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* i386 */
    build();
    put16(img + 56, 0);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* no phdrs */
    build();
    put16(img + 56, 0xffff);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* too many */
    build();
    put64(img + 32, ~0ull - 8);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* phoff overflow */
    build();
    phdr(0, 5, ~0ull - 4, 0x400000, 0x100, 0x100);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* file range overflow */
    build();
    phdr(0, 5, 0x1000, 0x400000, 0x200, 0x100);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* filesz > memsz */
    build();
    phdr(0, 5, 0x1000, 0x1000, 0x100, 0x100);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* below the user floor */
    build();
    phdr(1, 6, 0x1100, HI - 0x1000, 0x10, 0x2000);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* runs past the ceiling */
    build();
    phdr(1, 6, 0x1100, 0xffffffff80000000ull, 0x10, 0x10);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* kernel half */
    build();
    phdr(0, 7, 0x1000, 0x400000, 0x100, 0x100);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* W+X */
    build();
    phdr(1, 6, 0x1100, 0x400800, 0x10, 0x10);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* shares a page with text */
    build();
    put64(img + 24, 0x401008);
    CHECK_EQ(parse(), CAP_ERR_BAD_ELF); /* entry not executable */
    return check_summary();
}
