/*
 * Checks a parsed or decoded system manifest against what init holds and
 * what the boot package contains, and computes the start order. init
 * refuses to boot on any error; tools/mkmanifest reports the same errors at
 * build time.
 *
 * A service depends on every service it names in 'after' and on every
 * service whose export it is granted. It starts after all of them; among
 * services that are ready at the same time, manifest order decides. Shutdown
 * stops them in the reverse of that order.
 */
#ifndef CAPOS_SERVICE_GRAPH_H
#define CAPOS_SERVICE_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/system_manifest.h"

/* What the validation may ask about its surroundings. */
typedef struct {
    void *ctx;
    /* Is there a boot-package entry called name (NUL-terminated)? */
    bool (*has_entry)(void *ctx, const char *name);
    /* Does init hold a root capability called name? */
    bool (*has_root)(void *ctx, const char *name);
    /* How many PCI devices vendor:device the bus has; NULL when that is not
     * known (the host compiler), and then pci: grants are not counted. */
    uint32_t (*pci_devices)(void *ctx, uint32_t vendor, uint32_t device);
} sg_env_t;

typedef enum {
    SG_OK = 0,
    SG_ERR_NO_SERVICES,
    SG_ERR_DUPLICATE_NAME,     /* two services (or two profiles) share a name */
    SG_ERR_UNKNOWN_BINARY,     /* a service binary or launcher entry is not in the package */
    SG_ERR_MISSING_DEPENDENCY, /* 'after' or export:S.E names no service */
    SG_ERR_NOT_HELD,           /* a grant of a capability init does not have */
    SG_ERR_DUPLICATE_CAPNAME,  /* two grants/exports of one service share a CapSet name */
    SG_ERR_TOO_MANY_CAPS,      /* grants + exports > SYS_SPAWN_CAPS */
    SG_ERR_CYCLE,
    SG_ERR_NO_DEVICE, /* more pci:V:D grants than such devices on the bus */
} sg_err_t;

/* Which part of the manifest an error points at. */
typedef enum {
    SG_AT_NONE = 0,
    SG_AT_SERVICE,  /* services[service] itself */
    SG_AT_GRANT,    /* services[service].grants[item] */
    SG_AT_EXPORT,   /* services[service].exports[item] */
    SG_AT_AFTER,    /* services[service].after[item] */
    SG_AT_PROFILE,  /* profiles[service] (service holds the profile index) */
    SG_AT_LAUNCHER, /* profiles[service].launcher[item] */
} sg_at_t;

typedef struct {
    sg_err_t err;
    sg_at_t at;
    uint32_t service; /* or profile index, see sg_at_t */
    uint32_t item;
    uint32_t other;                       /* DUPLICATE_NAME: the first holder of the name;
                                           * NO_DEVICE: how many such devices there are */
    uint32_t norder;                      /* on success: nservices */
    uint32_t order[SYS_MAX_SERVICES];     /* on success: start order (service indices) */
    uint32_t ncycle;                      /* CYCLE: services on it, first repeated last */
    uint32_t cycle[SYS_MAX_SERVICES + 1]; /* each needs the next */
} sg_result_t;

/* Checks everything listed in sg_err_t, in manifest order, and reports the
 * first problem. *out is always written. Every pci: grant takes a device of
 * its own: the n-th grant of an id (in manifest order) needs n devices. */
sg_err_t service_graph_check(const system_t *sys, const sg_env_t *env, sg_result_t *out);

/* One line (no newline) explaining r: which service or profile and what is
 * wrong (the line number comes from service_graph_line). Always
 * NUL-terminates when size > 0; returns the full length. */
int service_graph_describe(const system_t *sys, const sg_result_t *r, char *buf, size_t size);

/* The manifest line of the service or profile at fault (0 if none, and
 * for images that carry no line numbers). */
uint32_t service_graph_line(const system_t *sys, const sg_result_t *r);

/* Index of the service called name, or -1. */
int32_t sys_find_service(const system_t *sys, const char *name);

/* Index of the export called name among s's exports, or -1. */
int32_t sys_export_index(const sys_service_t *s, const char *name);

#endif
