/* The boot package as init sees it: an index of its entries, and the
 * system manifest ("system" entry) loaded, decoded and checked. Any fault
 * here is a refusal to boot. */
#include "capos/idl/bootpackage.h"
#include "capos/idl/pci.h"
#include "init.h"

#define SYSTEM_ENTRY "system"
#define READ_CHUNK 1016u /* BootPackage.read: bytes<1016> */

cap_t init_root(const init_env_t *env, const char *name) {
    for (uint32_t i = 0; i < env->nroots; i++)
        if (!strcmp(env->roots[i].name, name))
            return env->roots[i].cap;
    return CAP_NULL;
}

int32_t init_entry_index(const init_state_t *st, const char *name) {
    for (uint32_t i = 0; i < st->nentries; i++)
        if (!strcmp(st->entries[i], name))
            return (int32_t)i;
    return -1;
}

static bool refuse(const char *what, cap_err_t e) {
    rt_printf("init: REFUSING TO BOOT: %s: %s\n", what, rt_strerror(e));
    return false;
}

static bool index_package(init_state_t *st) {
    cap_t pkg = st->env->bootpackage;
    uint32_t count = 0;
    cap_err_t e = boot_package_count(pkg, &count);
    if (e == CAP_OK && count > INIT_MAX_ENTRIES)
        e = CAP_ERR_BAD_ARGS;
    for (uint32_t i = 0; e == CAP_OK && i < count; i++) {
        uint32_t len = 0;
        e = boot_package_entry(pkg, i, st->entries[i], INIT_ENTRY_FIELD, &len, &st->entry_sizes[i]);
        st->entries[i][e == CAP_OK ? len : 0] = '\0';
    }
    st->nentries = e == CAP_OK ? count : 0;
    return e == CAP_OK || refuse("cannot list the boot package", e);
}

/* The whole "system" entry in a malloc'd buffer. */
static uint8_t *read_system(init_state_t *st, size_t *size) {
    int32_t idx = init_entry_index(st, SYSTEM_ENTRY);
    if (idx < 0) {
        rt_printf("init: REFUSING TO BOOT: the boot package has no '%s' entry (the compiled "
                  "system manifest)\n",
                  SYSTEM_ENTRY);
        return NULL;
    }
    uint64_t total = st->entry_sizes[idx];
    if (total > SYS_IMAGE_MAX) {
        rt_printf("init: REFUSING TO BOOT: the system manifest image has %lu bytes, more than "
                  "%u\n",
                  total, SYS_IMAGE_MAX);
        return NULL;
    }
    uint8_t *buf = malloc(total ? total : 1);
    cap_err_t e = buf ? CAP_OK : CAP_ERR_NO_MEMORY;
    for (uint64_t off = 0; e == CAP_OK && off < total;) {
        uint32_t want = total - off < READ_CHUNK ? (uint32_t)(total - off) : READ_CHUNK, got = 0;
        e = boot_package_read(st->env->bootpackage, SYSTEM_ENTRY, sizeof SYSTEM_ENTRY - 1, off,
                              want, buf + off, want, &got);
        if (e == CAP_OK && got == 0)
            e = CAP_ERR_BAD_ARGS;
        off += got;
    }
    if (e != CAP_OK) {
        free(buf);
        refuse("cannot read the system manifest", e);
        return NULL;
    }
    *size = (size_t)total;
    return buf;
}

static bool has_entry(void *ctx, const char *name) {
    return init_entry_index(ctx, name) >= 0;
}

static bool has_root(void *ctx, const char *name) {
    return init_root(((init_state_t *)ctx)->env, name) != CAP_NULL;
}

/* Devices vendor:device on the bus (none when it cannot be read). At boot
 * nobody has opened any, so every one is there for a pci: grant. */
static uint32_t pci_devices(void *ctx, uint32_t vendor, uint32_t device) {
    cap_t bus = init_root(((init_state_t *)ctx)->env, "pci");
    uint32_t count = 0, n = 0;
    if (pci_bus_count(bus, &count) != CAP_OK)
        return 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t bdf, v, d, class_code, irq_line;
        if (pci_bus_info(bus, i, &bdf, &v, &d, &class_code, &irq_line) == CAP_OK && v == vendor &&
            d == device)
            n++;
    }
    return n;
}

/* Decodes and validates; prints the refusal. */
static bool check_system(init_state_t *st, const uint8_t *image, size_t size) {
    uint32_t record = 0;
    sys_image_err_t ierr = system_image_decode(image, size, &st->sys, &record);
    if (ierr != SYS_IMAGE_OK) {
        rt_printf("init: REFUSING TO BOOT: system manifest image: %s (record %u)\n",
                  system_image_strerror(ierr), record);
        return false;
    }
    sg_env_t env = {st, has_entry, has_root, pci_devices};
    if (service_graph_check(&st->sys, &env, &st->graph) == SG_OK)
        return true;
    static char msg[512];
    service_graph_describe(&st->sys, &st->graph, msg, sizeof msg);
    uint32_t line = service_graph_line(&st->sys, &st->graph);
    if (line)
        rt_printf("init: REFUSING TO BOOT: system manifest line %u: %s\n", line, msg);
    else
        rt_printf("init: REFUSING TO BOOT: system manifest: %s\n", msg);
    return false;
}

bool init_load_system(init_state_t *st) {
    size_t size = 0;
    uint8_t *image;
    if (!index_package(st) || (image = read_system(st, &size)) == NULL)
        return false;
    bool ok = check_system(st, image, size);
    free(image);
    return ok;
}
