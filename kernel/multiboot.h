/* Multiboot 1 information structures (only the fields the kernel reads). */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS (1u << 3)
#define MB_INFO_MMAP (1u << 6)

typedef struct __attribute__((packed)) {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
} multiboot_info_t;

typedef struct __attribute__((packed)) {
    uint32_t mod_start, mod_end;
    uint32_t string;
    uint32_t reserved;
} multiboot_module_t;

typedef struct __attribute__((packed)) {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
} multiboot_mmap_entry_t;

#endif
