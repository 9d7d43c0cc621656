/* The profiles: the compiled system manifest, read through the file:system
 * grant (a BootPackage hold badged to that one entry, which it sees as
 * entry 0 under the entry's own name) and decoded by lib/system. */
#include "broker.h"
#include "capos/idl/bootpackage.h"
#include "capos/system_image.h"

#define READ_CHUNK 1016u /* BootPackage.read: bytes<1016> */
#define ENTRY_NAME_MAX 48u

static cap_err_t read_image(cap_t file, uint8_t *buf, size_t *size) {
    char name[ENTRY_NAME_MAX + 1];
    uint32_t name_len = 0;
    uint64_t total = 0;
    cap_err_t e = boot_package_entry(file, 0, name, ENTRY_NAME_MAX, &name_len, &total);
    if (e != CAP_OK)
        return e;
    if (total > SYS_IMAGE_MAX)
        return CAP_ERR_BAD_ARGS;
    for (uint64_t off = 0; off < total;) {
        uint32_t want = total - off < READ_CHUNK ? (uint32_t)(total - off) : READ_CHUNK, got = 0;
        e = boot_package_read(file, name, name_len, off, want, buf + off, want, &got);
        if (e == CAP_OK && got == 0)
            e = CAP_ERR_BAD_ARGS; /* shorter than its entry said */
        if (e != CAP_OK)
            return e;
        off += got;
    }
    *size = (size_t)total;
    return CAP_OK;
}

bool broker_load_manifest(broker_t *b) {
    static uint8_t image[SYS_IMAGE_MAX];
    size_t size = 0;
    uint32_t record = 0;
    cap_err_t e = read_image(b->system, image, &size);
    if (e != CAP_OK) {
        rt_printf("broker: cannot read the system manifest through 'system': %s; not serving\n",
                  rt_strerror(e));
        return false;
    }
    sys_image_err_t ierr = system_image_decode(image, size, &b->sys, &record);
    if (ierr != SYS_IMAGE_OK) {
        rt_printf("broker: system manifest image refused: %s (record %u); not serving\n",
                  system_image_strerror(ierr), record);
        return false;
    }
    b->anonymous = bundle_policy_find_profile(&b->sys, BROKER_PROFILE_ANONYMOUS,
                                              sizeof BROKER_PROFILE_ANONYMOUS - 1);
    return true;
}
