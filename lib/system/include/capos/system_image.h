/*
 * The system image: a system_t as compact binary records, stored in the
 * boot package as the entry "system" by tools/mkmanifest and read back by
 * init (and the broker). Layout, all integers little-endian:
 *
 *   header   16 bytes: magic "CAPOSSY1", u32 total size (header included),
 *            u32 record count
 *   records  each: u8 type, u8 zero, u16 body length, body
 *
 * Bodies (str = u8 length + that many bytes, no NUL; names obey the rules of
 * system_manifest.h):
 *   1 SERVICE   u32 line, str name, str binary
 *   2 GRANT     str child, u8 kind, u8 scope (0..2 or 0xff), u8 has_badge,
 *               u32 rights, u64 badge, str target, str export, u32 a, u32 b
 *   3 EXPORT    str name, str CapSet name in the service
 *   4 AFTER     str service
 *   5 PROFILE   u32 line, str name, u8 shutdown, u8 status, u8 logs,
 *               u32 ttl_s
 *   6 LAUNCHER  str binary
 *   7 GUEST     u8 enabled (0 or 1)
 *   8 AUTHORIZED_KEY  str account, u8 key type (sys_key_type_t), u16 blob
 *               length (1..SYS_KEY_BLOB_MAX), that many bytes of SSH
 *               public key blob (authorized_key.h)
 *
 * GRANT, EXPORT and AFTER belong to the SERVICE before them (in that order:
 * its grants, then its exports, then its afters), LAUNCHER to the PROFILE
 * before it. All SERVICEs (with their records) come first, then the
 * PROFILEs, then at most one GUEST (without it guest is disabled), then the
 * AUTHORIZED_KEYs (each a valid key, no record twice). Within a kind,
 * records keep manifest order. Credential records are not part of the
 * image. The decoder accepts exactly what the encoder produces (every field
 * within its limits, nothing left over), so an accepted image re-encodes to
 * the same bytes.
 */
#ifndef CAPOS_SYSTEM_IMAGE_H
#define CAPOS_SYSTEM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "capos/system_manifest.h"

#define SYS_IMAGE_MAGIC "CAPOSSY1"
#define SYS_IMAGE_HEADER 16u
#define SYS_IMAGE_MAX 131072u /* bytes; enough for every limit at once (about 127 KiB) */

typedef enum {
    SYS_REC_SERVICE = 1,
    SYS_REC_GRANT = 2,
    SYS_REC_EXPORT = 3,
    SYS_REC_AFTER = 4,
    SYS_REC_PROFILE = 5,
    SYS_REC_LAUNCHER = 6,
    SYS_REC_GUEST = 7,
    SYS_REC_AUTHORIZED_KEY = 8,
} sys_record_t;

typedef enum {
    SYS_IMAGE_OK = 0,
    SYS_IMAGE_ERR_TRUNCATED, /* header, record or field runs past the end */
    SYS_IMAGE_ERR_MAGIC,
    SYS_IMAGE_ERR_SIZE,      /* header size differs from the data, or too big */
    SYS_IMAGE_ERR_RECORD,    /* unknown type, non-zero pad, or body not used exactly */
    SYS_IMAGE_ERR_ORPHAN,    /* GRANT/EXPORT/AFTER/LAUNCHER with no owner */
    SYS_IMAGE_ERR_TOO_MANY,  /* a limit of system_manifest.h exceeded */
    SYS_IMAGE_ERR_BAD_FIELD, /* invalid name, kind, scope, rights or number */
    SYS_IMAGE_ERR_COUNT,     /* record count in the header is wrong */
    SYS_IMAGE_ERR_NO_SPACE,  /* encoder: output buffer too small */
} sys_image_err_t;

/* Encodes sys into out[0..cap). *len gets the image size. Fails with
 * NO_SPACE (nothing promised about out) when cap is too small. */
sys_image_err_t system_image_encode(const system_t *sys, uint8_t *out, size_t cap, size_t *len);

/* Decodes and validates len bytes at data into *out (zeroed first);
 * never reads past len. *record (if not NULL) gets the 0-based index of the
 * faulty record, or the record count. */
sys_image_err_t system_image_decode(const uint8_t *data, size_t len, system_t *out,
                                    uint32_t *record);

/* Static, never NULL. */
const char *system_image_strerror(sys_image_err_t err);

#endif
