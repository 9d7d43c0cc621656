/*
 * Which part of the broker serves a call, decided from the badge of the
 * caller's hold and the call's label alone (no state). Pure.
 *
 *   BROKER_BADGE_SHELL     AuthorityBroker.shell_bundle, anonymous_bundle
 *   BROKER_BADGE_SESSIOND  AuthorityBroker.admit, retire
 *   an issued badge        the interface of its kind (facet_route_iface):
 *                          launcher ProcessSpawner.spawn only, shutdown
 *                          ShutdownControl, status SystemStatus, logs
 *                          LogReader, self SessionSelf
 *
 * An interface the broker does not serve at all is BAD_METHOD (as is an
 * unknown AuthorityBroker method); one it serves but not on this facet, or
 * any call through an unknown, unbadged or forged badge, is NO_RIGHTS.
 */
#ifndef BROKER_FACET_ROUTE_H
#define BROKER_FACET_ROUTE_H

#include <stdint.h>

#include "capos/abi.h"
#include "facet_badge.h"

typedef enum {
    ROUTE_SHELL = 1,    /* the shell facet init granted */
    ROUTE_SESSIOND = 2, /* the session-manager facet init granted */
    ROUTE_ISSUED = 3,   /* a facet of a bundle; *facet says which */
} facet_route_t;

/* CAP_OK with *route (and *facet for ROUTE_ISSUED), else the refusal. For
 * an issued facet the interface is not checked yet: the service first
 * checks that the facet's session is still current, then
 * facet_route_iface. */
cap_err_t facet_route(uint64_t badge, uint64_t label, facet_route_t *route, facet_badge_t *facet);

/* CAP_OK when an issued facet of this kind may make the call labelled
 * label; NO_RIGHTS otherwise (BAD_METHOD for an interface the broker does
 * not serve). */
cap_err_t facet_route_iface(facet_kind_t kind, uint64_t label);

#endif
