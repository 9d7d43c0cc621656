/* Validation of static ELF64 executables from the boot package (pure logic;
 * unit tested on the host). The image is untrusted bytes: every offset and
 * size is checked before anything is mapped. */
#ifndef KERNEL_ELF64_H
#define KERNEL_ELF64_H

#include <stdint.h>
#include "capos/abi.h"

#define ELF64_MAX_SEGMENTS 8u

typedef struct {
    uint64_t vaddr, memsz; /* page-unaligned as in the file */
    uint64_t offset, filesz;
    uint32_t prot; /* MAP_PROT_* */
} elf64_segment_t;

typedef struct {
    uint64_t entry;
    uint64_t phdr_vaddr; /* where the program headers are mapped, or 0 */
    uint32_t phnum;
    uint32_t nsegments;
    elf64_segment_t seg[ELF64_MAX_SEGMENTS];
} elf64_image_t;

/* Accepts only x86_64 ET_EXEC little-endian images whose PT_LOAD segments
 * lie inside [lo, hi), do not overlap, and whose entry is in an executable
 * segment. */
cap_err_t elf64_parse(const uint8_t *data, uint64_t size, uint64_t lo, uint64_t hi,
                      elf64_image_t *out) __attribute__((warn_unused_result));

#endif
