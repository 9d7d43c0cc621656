/*
 * Which facet of the CredentialStore endpoint may call which method. The
 * wiring process derives client holds with a badge:
 *   CRED_BADGE_VERIFIER  verify, has_verifier (the session manager)
 *   CRED_BADGE_SETUP     issue_setup_token, redeem_setup_token (setup)
 * Pure.
 */
#ifndef CREDSTORE_CRED_FACET_H
#define CREDSTORE_CRED_FACET_H

#include <stdint.h>

#include "capos/abi.h"

#define CRED_BADGE_VERIFIER 1ull
#define CRED_BADGE_SETUP 2ull

/* CAP_OK when a hold badged badge may make the call labelled label;
 * NO_RIGHTS for a CredentialStore method of the other facet (or through an
 * unbadged hold); BAD_METHOD for another interface or an unknown method. */
cap_err_t cred_facet_check(uint64_t badge, uint64_t label);

#endif
