/* Static ELF64 executable validation. See elf64.h. */
#include "elf64.h"

#define PT_LOAD 1u
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u
#define PAGE 4096ull

static uint64_t rd64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}
static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t rd16(const uint8_t *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

static cap_err_t check_header(const uint8_t *d, uint64_t size) {
    static const uint8_t ident[7] = {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* LE */, 1};
    if (size < 64)
        return CAP_ERR_BAD_ELF;
    for (int i = 0; i < 7; i++)
        if (d[i] != ident[i])
            return CAP_ERR_BAD_ELF;
    if (rd16(d + 16) != 2 /* ET_EXEC */ || rd16(d + 18) != 62 /* x86_64 */)
        return CAP_ERR_BAD_ELF;
    if (rd16(d + 54) != 56 /* phentsize */)
        return CAP_ERR_BAD_ELF;
    return CAP_OK;
}

static cap_err_t parse_segment(const uint8_t *ph, uint64_t size, uint64_t lo, uint64_t hi,
                               elf64_segment_t *s) {
    uint32_t flags = rd32(ph + 4);
    s->offset = rd64(ph + 8);
    s->vaddr = rd64(ph + 16);
    s->filesz = rd64(ph + 32);
    s->memsz = rd64(ph + 40);
    if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset)
        return CAP_ERR_BAD_ELF;
    if (s->vaddr < lo || s->vaddr >= hi || s->memsz > hi - s->vaddr || s->memsz == 0)
        return CAP_ERR_BAD_ELF;
    if ((flags & PF_W) && (flags & PF_X))
        return CAP_ERR_BAD_ELF; /* W^X */
    s->prot = ((flags & PF_R) ? MAP_PROT_READ : 0) | ((flags & PF_W) ? MAP_PROT_WRITE : 0) |
              ((flags & PF_X) ? MAP_PROT_EXEC : 0);
    return CAP_OK;
}

/* Segments may not share a page: each page gets exactly one protection. */
static cap_err_t check_overlap(const elf64_image_t *img) {
    for (uint32_t i = 0; i < img->nsegments; i++) {
        uint64_t a0 = img->seg[i].vaddr & ~(PAGE - 1);
        uint64_t a1 = (img->seg[i].vaddr + img->seg[i].memsz + PAGE - 1) & ~(PAGE - 1);
        for (uint32_t j = i + 1; j < img->nsegments; j++) {
            uint64_t b0 = img->seg[j].vaddr & ~(PAGE - 1);
            uint64_t b1 = (img->seg[j].vaddr + img->seg[j].memsz + PAGE - 1) & ~(PAGE - 1);
            if (a0 < b1 && b0 < a1)
                return CAP_ERR_BAD_ELF;
        }
    }
    return CAP_OK;
}

cap_err_t elf64_parse(const uint8_t *d, uint64_t size, uint64_t lo, uint64_t hi,
                      elf64_image_t *out) {
    cap_err_t e = check_header(d, size);
    if (e != CAP_OK)
        return e;
    uint64_t phoff = rd64(d + 32);
    uint16_t phnum = rd16(d + 56);
    if (phnum == 0 || phnum > 64 || phoff > size || (uint64_t)phnum * 56 > size - phoff)
        return CAP_ERR_BAD_ELF;
    out->entry = rd64(d + 24);
    out->nsegments = 0;
    for (uint16_t i = 0; i < phnum; i++) {
        const uint8_t *ph = d + phoff + (uint64_t)i * 56;
        if (rd32(ph) != PT_LOAD)
            continue;
        if (out->nsegments == ELF64_MAX_SEGMENTS)
            return CAP_ERR_BAD_ELF;
        e = parse_segment(ph, size, lo, hi, &out->seg[out->nsegments]);
        if (e != CAP_OK)
            return e;
        out->nsegments++;
    }
    if (out->nsegments == 0 || check_overlap(out) != CAP_OK)
        return CAP_ERR_BAD_ELF;
    out->phnum = phnum;
    out->phdr_vaddr = 0;
    for (uint32_t i = 0; i < out->nsegments; i++) { /* for AT_PHDR (musl finds PT_TLS) */
        const elf64_segment_t *s = &out->seg[i];
        if (phoff >= s->offset && phoff + (uint64_t)phnum * 56 <= s->offset + s->filesz)
            out->phdr_vaddr = s->vaddr + (phoff - s->offset);
    }
    for (uint32_t i = 0; i < out->nsegments; i++) {
        const elf64_segment_t *s = &out->seg[i];
        if ((s->prot & MAP_PROT_EXEC) && out->entry >= s->vaddr && out->entry < s->vaddr + s->memsz)
            return CAP_OK;
    }
    return CAP_ERR_BAD_ELF;
}
