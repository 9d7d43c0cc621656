/* mkmanifest --dump: a system image back as manifest text (for reading
 * what a boot package carries, and for round-trip tests). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capos/abi.h"
#include "capos/system_image.h"
#include "mkmanifest.h"

static void print_modifiers(const sys_grant_t *g) {
    if (g->has_badge)
        printf("/%" PRIu64, g->badge);
    if (g->rights) {
        const char *sep = "/";
        for (uint32_t bit = 1; bit <= CAP_RIGHTS_ALL; bit <<= 1) {
            if ((g->rights & bit) && sys_right_name(bit)) {
                printf("%s%s", sep, sys_right_name(bit));
                sep = "+";
            }
        }
    }
    static const char *const scopes[] = {"same", "regrant", "cross"};
    if (g->scope != SYS_SCOPE_DEFAULT)
        printf("/%s", scopes[g->scope]);
}

static void print_grant(const sys_grant_t *g) {
    printf("    grant %s=", g->name);
    switch (g->kind) {
    case SYS_SRC_ROOT:
        printf("root:%s", g->target);
        break;
    case SYS_SRC_IOPORTS:
        printf("ioports:0x%x+%u", g->a, g->b);
        break;
    case SYS_SRC_IRQ:
        printf("irq:%u", g->a);
        break;
    case SYS_SRC_FILE:
        printf("file:%s", g->target);
        break;
    case SYS_SRC_EXPORT:
        printf("export:%s.%s", g->target, g->export_name);
        break;
    case SYS_SRC_SHUTDOWN:
        printf("shutdown");
        break;
    case SYS_SRC_STATUS:
        printf("status");
        break;
    case SYS_SRC_MEMORY:
        printf("memory:%u", g->a);
        break;
    case SYS_SRC_PCI:
        printf("pci:%04x:%04x", g->a, g->b);
        break;
    }
    print_modifiers(g);
    printf("\n");
}

static void print_service(const sys_service_t *s) {
    printf("service %s binary %s\n", s->name, s->binary);
    for (uint32_t i = 0; i < s->ngrants; i++)
        print_grant(&s->grants[i]);
    for (uint32_t i = 0; i < s->nexports; i++) {
        const char *cap = s->export_caps[i];
        bool named = strncmp(cap, SYS_EXPORT_PREFIX, SYS_EXPORT_PREFIX_LEN) != 0;
        printf("    export %s%s%s\n", s->exports[i], named ? "=" : "", named ? cap : "");
    }
    for (uint32_t i = 0; i < s->nafter; i++)
        printf("    after %s\n", s->after[i]);
}

static void print_profile(const sys_profile_t *p) {
    static const char *const logs[] = {"none", "session", "all"};
    printf("profile %s launcher=", p->name);
    for (uint32_t i = 0; i < p->nlauncher; i++)
        printf("%s%s", i ? "," : "", p->launcher[i]);
    printf(" shutdown=%s status=%s logs=%s ttl=%u\n", p->shutdown ? "yes" : "no",
           p->status ? "yes" : "no", logs[p->logs], p->ttl_s);
}

static void print_authorized_key(const sys_authorized_key_t *k) {
    char text[SYS_BASE64_LEN(SYS_KEY_BLOB_MAX) + 1];
    sys_base64_encode(k->blob, k->blob_len, text, sizeof text);
    printf("authorized_key %s %s %s\n", k->account, sys_key_type_name(k->type), text);
}

int mkmanifest_dump(const char *image_path) {
    char *data = NULL;
    size_t size = 0;
    system_t *sys = malloc(sizeof *sys);
    uint32_t record = 0;
    sys_image_err_t err = SYS_IMAGE_OK;
    bool ok = sys != NULL && read_file(image_path, false, &data, &size);
    if (ok && (err = system_image_decode((const uint8_t *)data, size, sys, &record)) != 0) {
        fprintf(stderr, "mkmanifest: %s: %s (record %u)\n", image_path, system_image_strerror(err),
                record);
        ok = false;
    }
    for (uint32_t i = 0; ok && i < sys->nservices; i++)
        print_service(&sys->services[i]);
    for (uint32_t i = 0; ok && i < sys->nprofiles; i++)
        print_profile(&sys->profiles[i]);
    if (ok && sys->guest_set)
        printf("guest %s\n", sys->guest ? "enabled" : "disabled");
    for (uint32_t i = 0; ok && i < sys->nauthorized_keys; i++)
        print_authorized_key(&sys->authorized_keys[i]);
    free(data);
    free(sys);
    return ok ? MKMANIFEST_EXIT_OK : MKMANIFEST_EXIT_FAIL;
}
