/*
 * Which facet of the audit endpoint may call which interface: the badge the
 * wiring process derived the client's hold with decides (AUDIT_BADGE_*).
 * Pure.
 */
#ifndef AUDIT_FACET_H
#define AUDIT_FACET_H

#include <stdint.h>

#include "capos/abi.h"

/* CAP_OK when a hold badged badge may make the call labelled label;
 * NO_RIGHTS for an AuditLog/LogReader call through the other facet (or an
 * unbadged hold); BAD_METHOD for any other interface. */
cap_err_t audit_facet_check(uint64_t badge, uint64_t label);

#endif
