/*
 * Starting a logged-in connection's shell, shared by the network gateways
 * (telnet, ssh): the session's bundle from the AuthorityBroker, then the
 * shell through the bundle's launcher (a session-bound spawn, allowlisted
 * by the profile) with the connection's TerminalSession, the Session and
 * the bundle's facets. A shell in a user session cannot take its Session
 * to the broker itself (the Session's scope keeps it to launcher grants),
 * so the gateway fetches the bundle for it.
 */
#ifndef CAPOS_GATEWAYS_SHELL_LAUNCH_H
#define CAPOS_GATEWAYS_SHELL_LAUNCH_H

#include "capos/rt.h"

/* Starts `shell` for session with terminal (moved: CAP_NULL in *terminal
 * afterwards on success). DENIED when the profile's bundle has no launcher
 * (a profile that may not start a shell); the broker's and the launcher's
 * errors otherwise. */
cap_err_t gw_shell_launch(cap_t broker, cap_t session, cap_t *terminal, cap_t *process);

#endif
