/*
 * The host key file (`ssh_hostkeys`): OpenSSH-format private keys, PEM
 * blocks back to back (Ed25519 first, then ECDSA P-256; tools/ssh-hostkeys
 * writes them). Bounded parsing: at most HOSTKEY_FILE_MAX bytes, blocks of
 * at most HOSTKEY_BLOCK_MAX, HOSTKEY_KEYS_MAX keys; only unencrypted keys.
 */
#ifndef CAPOS_SSHD_HOSTKEY_FILE_H
#define CAPOS_SSHD_HOSTKEY_FILE_H

#include <stddef.h>

#include <libssh/libssh.h>

#define HOSTKEY_FILE_MAX 16384u
#define HOSTKEY_BLOCK_MAX 8192u
#define HOSTKEY_KEYS_MAX 4

/* Imports every block of text[0..len) into keys[0..max); the number of
 * keys, or -1 (and no key kept) when a block is malformed, too long, or
 * more than max. The caller frees the keys and scrubs text. */
int hostkey_file_parse(const char *text, size_t len, ssh_key *keys, int max);

#endif
