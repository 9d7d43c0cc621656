/* The profiles: the compiled system manifest, read through the file:system
 * grant (a BootPackage hold badged to that one entry) and decoded by
 * lib/system. */
#include "broker.h"
#include "capos/system_image.h"

bool broker_load_manifest(broker_t *b) {
    static uint8_t image[SYS_IMAGE_MAX];
    size_t size = 0;
    uint32_t record = 0;
    cap_err_t e = rt_pkg_read(b->system, "system", image, sizeof image, &size);
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
