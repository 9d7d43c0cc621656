/*
 * Bundle policy: which facets a session of a profile gets, which binaries
 * its launcher may start, what principal class it reports. The manifest's
 * profile (lib/system) says what is allowed; the broker can only hand out
 * what init granted it (broker_held_t); and the profile named "anonymous"
 * is clamped whatever its manifest line says: never a launcher, never
 * shutdown, never logs (only status, if declared, and self). Pure.
 */
#ifndef BROKER_BUNDLE_POLICY_H
#define BROKER_BUNDLE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/abi.h"
#include "capos/system_manifest.h"
#include "facet_badge.h"

#define BROKER_PROFILE_ANONYMOUS "anonymous"
#define BROKER_PROFILE_GUEST "guest"

/* The backing capabilities init granted the broker (each is optional). */
typedef struct {
    bool shutdown; /* ShutdownControl */
    bool status;   /* SystemStatus */
    bool logs;     /* LogReader */
} broker_held_t;

/* True for the kinds an anonymous facet may be (status, self). */
bool bundle_policy_anonymous_may(facet_kind_t kind);

/* True when p is the anonymous profile: NULL (no manifest line for it) or
 * a profile named exactly "anonymous". */
bool bundle_policy_is_anonymous(const sys_profile_t *p);

/* True when a session of profile p (NULL: anonymous without a manifest
 * line) may hold a facet of this kind while the broker holds `held`. */
bool bundle_policy_allows(const sys_profile_t *p, const broker_held_t *held, facet_kind_t kind);

/* The facets of p's bundle in bundle order (launcher, shutdown, status,
 * logs, self), at most FACET_BUNDLE_MAX; returns how many. */
uint32_t bundle_policy_facets(const sys_profile_t *p, const broker_held_t *held,
                              facet_kind_t out[FACET_BUNDLE_MAX]);

/* The CapSet-style name of a kind ("launcher", ...), "" for an invalid one. */
const char *bundle_policy_facet_name(facet_kind_t kind);

/* The names blob of a bundle: each kind's name and a NUL, in order. False
 * (nothing promised about out) when it does not fit in cap bytes. */
bool bundle_policy_names(const facet_kind_t *kinds, uint32_t n, uint8_t *out, uint32_t cap,
                         uint32_t *len);

/* True when the binary (len bytes, not NUL-terminated) is on p's launcher
 * allowlist: an exact, case-sensitive match of a whole entry. Always false
 * for the anonymous profile. */
bool bundle_policy_binary_allowed(const sys_profile_t *p, const char *binary, uint32_t len);

/* The LogReader scope of p (sys_logs_t); SYS_LOGS_NONE for anonymous. */
uint32_t bundle_policy_logs_scope(const sys_profile_t *p);

/* The principal class reported for p: PRINCIPAL_ANONYMOUS for anonymous,
 * PRINCIPAL_GUEST for "guest", else PRINCIPAL_OPERATOR (the session
 * manager admits guest sessions under "guest" and authenticated ones under
 * the other profiles). */
uint32_t bundle_policy_principal_class(const sys_profile_t *p);

/* Index of the profile named exactly name (len bytes, not NUL-terminated)
 * in sys, or -1. */
int32_t bundle_policy_find_profile(const system_t *sys, const char *name, uint32_t len);

#endif
