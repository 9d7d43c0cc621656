/*
 * The shell's named capabilities: everything it can show (`caps`), inspect,
 * call, grant or release, with the interface it speaks and where it came
 * from. Pure (host-tested in tests/host/shell).
 */
#ifndef SHELL_CAP_TABLE_H
#define SHELL_CAP_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "capos/abi.h"

#define SH_MAX_CAPS 48u
#define SH_NAME_MAX 23u /* a CapSet name */

typedef enum {
    SH_FROM_CAPSET = 0, /* granted at spawn */
    SH_FROM_BUNDLE = 1, /* the broker's bundle for the current session */
    SH_FROM_SPAWN = 2,  /* a child's ProcessHandle */
    SH_FROM_REPLY = 3,  /* returned by a `call` */
} sh_origin_t;

typedef struct {
    bool used;
    uint8_t origin; /* sh_origin_t */
    uint32_t iface; /* interface id, 0 when unknown */
    cap_t cap;
    char name[SH_NAME_MAX + 1];
} sh_cap_t;

typedef struct {
    sh_cap_t e[SH_MAX_CAPS];
} sh_caps_t;

typedef enum {
    SH_CAPS_OK = 0,
    SH_CAPS_BAD_NAME, /* empty, too long, or outside [A-Za-z0-9_.:-] */
    SH_CAPS_EXISTS,   /* the name is taken */
    SH_CAPS_FULL,
} sh_caps_err_t;

void sh_caps_init(sh_caps_t *t);
bool sh_caps_name_valid(const char *name);
sh_caps_err_t sh_caps_add(sh_caps_t *t, const char *name, cap_t cap, uint32_t iface,
                          sh_origin_t origin);
/* The entry named `name`, or NULL. */
sh_cap_t *sh_caps_find(sh_caps_t *t, const char *name);
/* Forgets the entry (the caller releases the cap). */
void sh_caps_forget(sh_cap_t *e);
/* Writes PREFIX<n> for the smallest n >= 1 not in use. False if none fits. */
bool sh_caps_fresh_name(const sh_caps_t *t, const char *prefix, char *out, uint32_t cap);
/* The interface a capability named `name` speaks when it arrives from the
 * CapSet or a bundle (by convention: terminal, launcher, ...), else 0. */
uint32_t sh_iface_for_name(const char *name);
/* The interface of a kernel object of cap type `type` (kernel objects speak
 * the interface whose id is their type), 0 for endpoints and replies. */
uint32_t sh_iface_for_type(uint32_t type);
const char *sh_origin_name(sh_origin_t origin);

#endif
