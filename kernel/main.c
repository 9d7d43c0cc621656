/* Kernel entry: bring up the CPU, memory, time and entropy, open the boot
 * package, then start init with the root capabilities and never return. */
#include "kernel.h"
#include "multiboot.h"
#include "mm/mm.h"
#include "sched/proc.h"
#include "arch/x86_64/cpu.h"
#include "capos/boot_manifest.h"
#include "arch/x86_64/pci.h"

kernel_state_t kernel;

extern char _bss_end_phys[], boot_pml4[];

static void reserve_boot_memory(const multiboot_info_t *mbi, uint64_t mbi_phys) {
    frame_reserve_range(0, 0x100000);
    frame_reserve_range(0x100000, (uint64_t)_bss_end_phys);
    frame_reserve_range(mbi_phys, mbi_phys + sizeof(*mbi));
    frame_reserve_range(mbi->mmap_addr, (uint64_t)mbi->mmap_addr + mbi->mmap_length);
    if (mbi->flags & MB_INFO_MODS) {
        frame_reserve_range(mbi->mods_addr,
                            mbi->mods_addr + mbi->mods_count * sizeof(multiboot_module_t));
        const multiboot_module_t *m = P2V(mbi->mods_addr);
        for (uint32_t i = 0; i < mbi->mods_count; i++)
            frame_reserve_range(m[i].mod_start, m[i].mod_end);
    }
}

static void open_boot_package(const multiboot_info_t *mbi) {
    if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count < 1)
        panic("no boot package: pass it as the first multiboot module");
    const multiboot_module_t *m = P2V(mbi->mods_addr);
    if (m->mod_end <= m->mod_start || m->mod_end > PHYS_MAP_LIMIT)
        panic("boot package module out of range");
    bootpkg_err_t e = bootpkg_open(&kernel.bootpkg, P2V(m->mod_start), m->mod_end - m->mod_start);
    if (e != BOOTPKG_OK)
        panic("boot package rejected: %s", bootpkg_strerror(e));
}

static void read_manifest(boot_manifest_t *bm) {
    bootpkg_entry_t e;
    if (bootpkg_find(&kernel.bootpkg, "manifest", 8, &e) != BOOTPKG_OK)
        panic("boot package has no manifest");
    uint32_t line = 0;
    boot_manifest_err_t me = boot_manifest_parse((const char *)e.data, e.size, bm, &line);
    if (me != BOOT_MANIFEST_OK)
        panic("manifest line %u: %s", line, boot_manifest_strerror(me));
}

/* init's root capabilities: full rights, and shareable, since init hands
 * narrowed copies to every service and session. */
static capset_entry_t root_entry(proc_t *p, const char *name, kobject_t *o) {
    capset_entry_t e = {0};
    memcpy(e.name, name, strlen(name));
    e.type = o->type;
    cap_hold_t h =
        kobject_hold(o, CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV, CAP_SCOPE_CROSS_SESSION_SHAREABLE);
    if (cap_insert(p->caps, &h, &e.cap) != CAP_OK)
        panic("init: cap table full");
    return e;
}

static void start_init(const boot_manifest_t *bm) {
    session_subject_t system = {.principal_class = PRINCIPAL_SYSTEM};
    kernel.system_session = session_create_system(&system);
    proc_t *p =
        kernel.system_session ? proc_create(bm->init, bm->init_len, kernel.system_session) : NULL;
    if (!p)
        panic("out of memory creating init");
    bootpkg_entry_t be;
    if (bootpkg_find(&kernel.bootpkg, bm->init, bm->init_len, &be) != BOOTPKG_OK)
        panic("init binary '%s' not in boot package", bm->init);
    cap_err_t e = proc_load_image(p, be.data, be.size);
    if (e == CAP_OK)
        e = proc_map_capset(p);
    if (e != CAP_OK)
        panic("cannot load init '%s': error %u", bm->init, e);
    mem_pool_t *pool = mem_pool_create(MIN(bm->init_memory_pages, kernel.frames_free), NULL);
    if (!pool)
        panic("out of memory creating init's quota");
    kobject_ref(&console_object);
    kobject_ref(&entropy_object);
    kobject_ref(&clock_object);
    kobject_ref(&bootpackage_object);
    kobject_ref(&root_spawner.ko);
    kobject_ref(&session_minter_object);
    kobject_ref(&root_ioports.ko);
    kobject_ref(&irq_control_object);
    kobject_ref(&pci_bus_object);
    kobject_ref(&inspect_object);
    capset_entry_t caps[] = {
        root_entry(p, "console", &console_object),
        root_entry(p, "entropy", &entropy_object),
        root_entry(p, "clock", &clock_object),
        root_entry(p, "bootpackage", &bootpackage_object),
        root_entry(p, "spawner", &root_spawner.ko),
        root_entry(p, "memory", &pool->ko),
        root_entry(p, "session_minter", &session_minter_object),
        root_entry(p, "ioports", &root_ioports.ko),
        root_entry(p, "irq_control", &irq_control_object),
        root_entry(p, "pci", &pci_bus_object),
        root_entry(p, "inspect", &inspect_object),
    };
    proc_fill_capset(p, caps, ARRAY_LEN(caps));
    proc_start(p);
    kprintf("kernel: starting init '%s' (%lu free frames)\n", bm->init, kernel.frames_free);
}

void kmain(uint32_t magic, uint32_t mbi_phys) {
    serial_init();
    kprintf("capOS-C kernel\n");
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not started by a multiboot loader (magic %x)", magic);
    gdt_init();
    idt_init();
    syscall_msr_init();
    fpu_enable();
    kernel.pml4_phys = (uint64_t)boot_pml4;
    ((uint64_t *)P2V(kernel.pml4_phys))[0] = 0; /* drop the boot identity map */
    write_cr3(kernel.pml4_phys);

    const multiboot_info_t *mbi = P2V(mbi_phys);
    frame_init(mbi_phys);
    reserve_boot_memory(mbi, mbi_phys);

    entropy_hw_detect();
    /* Without entropy the system still boots, degraded and fail-closed:
     * EntropySource answers NO_ENTROPY and no session can be minted, so the
     * boot secret (which only keys references to minted sessions) is not
     * needed; services that need secrets refuse (login, setup, keys). */
    kernel.has_entropy = entropy_hw_read(kernel.boot_secret, sizeof(kernel.boot_secret));
    if (!kernel.has_entropy)
        kprintf("kernel: WARNING: no hardware entropy source (RDSEED/RDRAND): "
                "secrets and sessions fail closed\n");
    timer_init();
    sched_init();
    list_init(&kernel.sessions);
    pci_enumerate();

    open_boot_package(mbi);
    boot_manifest_t bm;
    read_manifest(&bm);
    start_init(&bm);
    schedule();
    panic("scheduler returned");
}
