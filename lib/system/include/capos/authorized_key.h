/*
 * One authorized SSH public key of an account: the manifest's
 * "authorized_key" directive (lib/system/README.md), the lines `./capos
 * provision --authorize-key` writes to state/authorized_keys, and the
 * AUTHORIZED_KEY records of the system image that sessiond matches
 * SessionManager.login_key against. Public data: a key may be printed.
 *
 *   authorized_key ACCOUNT TYPE BASE64
 *
 *   ACCOUNT  1..32 of [a-z0-9._-], starting with a letter or a digit (the
 *            account names SessionManager accepts)
 *   TYPE     ssh-ed25519 | ecdsa-sha2-nistp256 | ecdsa-sha2-nistp384 |
 *            ecdsa-sha2-nistp521 | ssh-rsa
 *   BASE64   canonical, padded standard base64 of the key's SSH wire blob
 *            (RFC 4253 section 6.6, what OpenSSH writes in .pub files and
 *            authorized_keys), at most SYS_KEY_BLOB_MAX bytes decoded
 *
 * The blob must be exactly one well-formed key of TYPE: its first string is
 * TYPE; then for ssh-ed25519 a 32-byte string; for ECDSA the curve name
 * (nistp256/384/521) and an uncompressed point (0x04 || X || Y) of that
 * curve's size; for ssh-rsa two positive, minimally encoded mpints e and n,
 * n of at least SYS_KEY_RSA_MIN_BITS bits. Nothing may follow.
 *
 * Pure and freestanding, like the rest of lib/system.
 */
#ifndef CAPOS_AUTHORIZED_KEY_H
#define CAPOS_AUTHORIZED_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYS_MAX_AUTHORIZED_KEYS 32u /* records per system image */
#define SYS_ACCOUNT_MAX 32u         /* bytes of an account name */
#define SYS_KEY_BLOB_MAX 800u       /* bytes of a decoded key blob */
#define SYS_KEY_RSA_MIN_BITS 2048u
/* An authorized_key line may be longer than other manifest lines: the
 * base64 of an 800-byte blob alone is 1068 bytes. */
#define SYS_AUTHKEY_LINE_MAX 1280u

typedef enum {
    SYS_KEY_ED25519 = 1,
    SYS_KEY_ECDSA_P256 = 2,
    SYS_KEY_ECDSA_P384 = 3,
    SYS_KEY_ECDSA_P521 = 4,
    SYS_KEY_RSA = 5,
} sys_key_type_t;

/* Field order and sizes keep the struct free of implicit padding, so equal
 * records are byte-identical. */
typedef struct {
    uint16_t blob_len;
    uint8_t type; /* sys_key_type_t */
    char account[SYS_ACCOUNT_MAX + 1];
    uint8_t blob[SYS_KEY_BLOB_MAX];
} sys_authorized_key_t;

typedef enum {
    AUTHKEY_OK = 0,
    AUTHKEY_ERR_FIELDS,    /* not exactly ACCOUNT TYPE BASE64 */
    AUTHKEY_ERR_ACCOUNT,   /* not a valid account name */
    AUTHKEY_ERR_TYPE,      /* not one of the accepted key types */
    AUTHKEY_ERR_BASE64,    /* not canonical padded base64 */
    AUTHKEY_ERR_TOO_LONG,  /* the blob is over SYS_KEY_BLOB_MAX bytes */
    AUTHKEY_ERR_BLOB_TYPE, /* the blob's first string is not TYPE */
    AUTHKEY_ERR_BLOB,      /* the rest of the blob is not a key of TYPE */
    AUTHKEY_ERR_RSA_SIZE,  /* an RSA modulus under SYS_KEY_RSA_MIN_BITS */
    AUTHKEY_ERR__COUNT
} authkey_err_t;

/* "ACCOUNT TYPE BASE64" (len bytes at s, tokens separated by spaces or
 * tabs, nothing else) into *out (zeroed first). On failure *field (if not
 * NULL) gets the 1-based index of the offending token (0: the token count
 * is wrong) and *out is zeroed. */
authkey_err_t sys_authorized_key_parse(const char *s, size_t len, sys_authorized_key_t *out,
                                       uint32_t *field);

/* Checks a decoded blob against type (the rules above). */
authkey_err_t sys_key_blob_check(uint8_t type, const uint8_t *blob, size_t len);

/* The rules above for a whole record (as the image decoder gets it). */
authkey_err_t sys_authorized_key_check(const sys_authorized_key_t *k);

/* Index of the record among keys[0..n) for exactly this account (len
 * bytes) and blob (byte for byte), or -1. Reads nothing past the given
 * lengths; an account or blob that could not be in a record matches none. */
int sys_authorized_key_find(const sys_authorized_key_t *keys, uint32_t n, const char *account,
                            size_t account_len, const uint8_t *blob, size_t blob_len);

/* 1..SYS_ACCOUNT_MAX of [a-z0-9._-], starting with a letter or digit. */
bool sys_account_valid(const char *s, size_t len);

/* The wire name of a key type ("ssh-ed25519"), or NULL. */
const char *sys_key_type_name(uint8_t type);
/* The type named by the len bytes at s, or 0. */
uint8_t sys_key_type_from_name(const char *s, size_t len);

/* Static, never NULL. */
const char *authkey_strerror(authkey_err_t err);

/* ---- canonical standard base64 with padding ---- */

/* Bytes the base64 text of n bytes takes (no NUL). */
#define SYS_BASE64_LEN(n) ((((n) + 2u) / 3u) * 4u)

/* Decodes len characters at s into out[0..cap); false unless s is
 * canonical padded base64 (length a multiple of 4, '=' only as the final
 * padding, unused bits zero) that fits. *out_len gets the byte count. */
bool sys_base64_decode(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len);

/* Encodes n bytes into out[0..cap) followed by a NUL; returns the text
 * length, or 0 when cap is smaller than SYS_BASE64_LEN(n) + 1. */
size_t sys_base64_encode(const uint8_t *data, size_t n, char *out, size_t cap);

#endif
