/*
 * The SSH gateway's host keys through HostKeySigner (idl/hostkey.idl):
 * public keys into the bind, signatures from the signer service.
 */
#ifndef CAPOS_SSHD_HOSTKEY_CLIENT_H
#define CAPOS_SSHD_HOSTKEY_CLIENT_H

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "capos/abi.h"

#define HOSTKEY_CLIENT_MAX 4

/* Imports the signer's public keys into bind and routes libssh's host-key
 * signatures to it: the number of keys, or -1. */
int hostkey_client_setup(ssh_bind bind, cap_t signer);

#endif
