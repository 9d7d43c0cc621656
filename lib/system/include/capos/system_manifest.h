/*
 * The system manifest: which services init starts, from which boot-package
 * binaries, with exactly which capabilities, in what order; plus the login
 * profiles and the guest switch the authority broker reads, and the
 * authorized SSH public keys sessiond matches key logins against. The text grammar
 * is in lib/system/README.md; system_manifest_parse turns text into a
 * system_t, system_image.h stores one in the boot package ("system" entry)
 * and service_graph.h checks it against what init actually holds.
 *
 * Pure and freestanding (<stdint.h>, <stddef.h>, <stdbool.h> only): linked
 * into init, the broker, the host compiler (tools/mkmanifest) and the tests.
 */
#ifndef CAPOS_SYSTEM_MANIFEST_H
#define CAPOS_SYSTEM_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capos/authorized_key.h"

/* ---- limits (every array below is bounded by one of these) ---- */
#define SYS_LINE_MAX 512u       /* bytes per text line, not counting '\n' */
#define SYS_MAX_SERVICES 32u    /* services per manifest */
#define SYS_MAX_GRANTS 16u      /* grant items per service (init allows 8 caps per spawn) */
#define SYS_MAX_EXPORTS 8u      /* exports per service */
#define SYS_MAX_AFTER 16u       /* explicit 'after' names per service */
#define SYS_MAX_PROFILES 8u     /* profile records */
#define SYS_MAX_LAUNCHER 16u    /* binaries in one profile's launcher allowlist */
#define SYS_MAX_CREDENTIALS 16u /* credential records */
#define SYS_SPAWN_CAPS 8u       /* caps one spawn carries (IPC_MAX_CAPS) */

/* ---- name lengths (without the terminating NUL) ---- */
#define SYS_NAME_MAX 31u    /* service and profile names: [A-Za-z0-9_-] */
#define SYS_EXPORT_MAX 16u  /* export names: [A-Za-z0-9_-]; "export:NAME" fits a CapSet */
#define SYS_CAPNAME_MAX 23u /* CapSet names in the child: [A-Za-z0-9_.:-] */
#define SYS_ENTRY_MAX 47u   /* boot-package entry names: [A-Za-z0-9._-] */

/* A service receives the receive side of its export NAME as "export:NAME",
 * unless the manifest names it ("export NAME=CAPNAME"); export_caps holds
 * the name used. */
#define SYS_EXPORT_PREFIX "export:"
#define SYS_EXPORT_PREFIX_LEN 7u

/* Where a grant's capability comes from. */
typedef enum {
    SYS_SRC_ROOT = 1,     /* root:NAME       a copy of init's root cap NAME */
    SYS_SRC_IOPORTS = 2,  /* ioports:B+N     IoPorts.sub(B, N) of init's ioports */
    SYS_SRC_IRQ = 3,      /* irq:LINE        IrqControl.claim(LINE) */
    SYS_SRC_FILE = 4,     /* file:ENTRY      BootPackage hold badged to ENTRY */
    SYS_SRC_EXPORT = 5,   /* export:S.E      client facet of service S's export E */
    SYS_SRC_SHUTDOWN = 6, /* shutdown        client facet of init's ShutdownControl */
    SYS_SRC_MEMORY = 7,   /* memory:PAGES    Memory.split(PAGES) of init's quota */
    SYS_SRC_STATUS = 8,   /* status          client facet of init's SystemStatus */
    SYS_SRC_PCI = 9,      /* pci:VVVV:DDDD   PciDevice of the next unopened device with that id */
} sys_source_t;

#define SYS_SCOPE_DEFAULT 0xffu /* no /same|/regrant|/cross given */
#define SYS_IRQ_LINE_MAX 15u
#define SYS_IOPORT_LIMIT 0x10000u
#define SYS_MEMORY_PAGES_MAX 1048576u
#define SYS_PCI_ID_MAX 0xfffeu /* vendor 0xffff means "no device" on the bus */

typedef struct {
    char name[SYS_CAPNAME_MAX + 1]; /* CapSet name in the child */
    uint8_t kind;                   /* sys_source_t */
    uint8_t scope;                  /* cap_scope_t, or SYS_SCOPE_DEFAULT */
    uint8_t has_badge;              /* export only: an explicit /BADGE */
    uint8_t _pad;
    uint32_t rights;                      /* CAP_RIGHT_* listed; 0 = the kind's default */
    uint64_t badge;                       /* export: 1..2^63-1 when has_badge */
    char target[SYS_ENTRY_MAX + 1];       /* root cap, file entry or exporting service */
    char export_name[SYS_EXPORT_MAX + 1]; /* export only */
    uint32_t a;                           /* ioports base, irq line, memory pages, pci vendor */
    uint32_t b;                           /* ioports count, pci device */
} sys_grant_t;

typedef struct {
    char name[SYS_NAME_MAX + 1];
    char binary[SYS_ENTRY_MAX + 1];
    uint32_t line; /* manifest line of its 'service' directive (0: unknown) */
    uint32_t ngrants, nexports, nafter;
    sys_grant_t grants[SYS_MAX_GRANTS];
    char exports[SYS_MAX_EXPORTS][SYS_EXPORT_MAX + 1];
    char export_caps[SYS_MAX_EXPORTS][SYS_CAPNAME_MAX + 1]; /* its CapSet name in the service */
    char after[SYS_MAX_AFTER][SYS_NAME_MAX + 1];
} sys_service_t;

typedef enum { SYS_LOGS_NONE = 0, SYS_LOGS_SESSION = 1, SYS_LOGS_ALL = 2 } sys_logs_t;
#define SYS_TTL_MAX_S 31536000u /* a year */

/* A login profile: what the broker may put in a shell bundle. Every field
 * defaults to the narrowest value (nothing). */
typedef struct {
    char name[SYS_NAME_MAX + 1];
    uint32_t line;
    uint32_t nlauncher;
    char launcher[SYS_MAX_LAUNCHER][SYS_ENTRY_MAX + 1]; /* binaries the launcher may start */
    uint8_t shutdown;                                   /* 1: may hold ShutdownControl */
    uint8_t status;                                     /* 1: read-only SystemStatus */
    uint8_t logs;                                       /* sys_logs_t: LogReader scope */
    uint8_t _pad;
    uint32_t ttl_s; /* session lifetime in seconds, 0 = no fixed expiry */
} sys_profile_t;

/* A credential record: where its text is in the manifest (after the word
 * "credential"). Records are never stored in the system image; the host
 * compiler copies them into the "credentials" entry for the credential
 * store (see verifier_line.h). */
typedef struct {
    uint32_t line;
    uint32_t offset; /* into the parsed text */
    uint32_t length;
} sys_credential_t;

typedef struct {
    uint32_t nservices, nprofiles, ncredentials, nauthorized_keys;
    uint8_t guest;     /* 1: "guest enabled" */
    uint8_t guest_set; /* a guest line was present */
    uint8_t _pad[2];
    sys_service_t services[SYS_MAX_SERVICES];
    sys_profile_t profiles[SYS_MAX_PROFILES];
    sys_credential_t credentials[SYS_MAX_CREDENTIALS];
    /* in manifest order, no record twice (same account and blob) */
    sys_authorized_key_t authorized_keys[SYS_MAX_AUTHORIZED_KEYS];
} system_t;

typedef enum {
    SYS_PARSE_OK = 0,
    SYS_PARSE_ERR_LINE_TOO_LONG,
    SYS_PARSE_ERR_BAD_CHAR,          /* outside printable ASCII, tab and newline */
    SYS_PARSE_ERR_UNKNOWN_DIRECTIVE, /* not service/profile/credential/guest/authorized_key */
    SYS_PARSE_ERR_STRAY_CONTINUATION,
    SYS_PARSE_ERR_MISSING_NAME,
    SYS_PARSE_ERR_BAD_NAME,
    SYS_PARSE_ERR_UNKNOWN_CLAUSE, /* a service word that is not binary/grant/export/after */
    SYS_PARSE_ERR_EMPTY_CLAUSE,   /* a clause word with nothing after it */
    SYS_PARSE_ERR_DUPLICATE_BINARY,
    SYS_PARSE_ERR_BINARY_ARITY, /* 'binary' takes exactly one name */
    SYS_PARSE_ERR_MISSING_BINARY,
    SYS_PARSE_ERR_BAD_BINARY,
    SYS_PARSE_ERR_BAD_GRANT, /* not CHILD=SOURCE, or a bad CHILD name */
    SYS_PARSE_ERR_BAD_SOURCE,
    SYS_PARSE_ERR_BAD_MODIFIER,
    SYS_PARSE_ERR_BAD_NUMBER,
    SYS_PARSE_ERR_BAD_EXPORT,
    SYS_PARSE_ERR_BAD_AFTER,
    SYS_PARSE_ERR_TOO_MANY,
    SYS_PARSE_ERR_BAD_PROFILE_ATTR,
    SYS_PARSE_ERR_BAD_CREDENTIAL,
    SYS_PARSE_ERR_BAD_GUEST,
    SYS_PARSE_ERR_DUPLICATE_GUEST,
    SYS_PARSE_ERR_BAD_AUTHORIZED_KEY, /* where.detail: the authkey_err_t */
    SYS_PARSE_ERR_DUPLICATE_KEY,      /* the same account and key twice */
    SYS_PARSE_ERR__COUNT
} sys_parse_err_t;

/* Where a parse failed: 1-based line and the offending token (offset and
 * length into the text; length 0 when no single token is at fault, and
 * always 0 for credential records, which must not be echoed). detail is the
 * verifier_err_t of a BAD_CREDENTIAL, the authkey_err_t of a
 * BAD_AUTHORIZED_KEY, else 0. */
typedef struct {
    uint32_t line;
    uint32_t tok_off;
    uint32_t tok_len;
    uint32_t detail;
} sys_parse_where_t;

/*
 * Parses len bytes at text (NULL allowed when len is 0); never reads past
 * len. Text longer than 2^32-1 bytes is rejected as LINE_TOO_LONG at line 0.
 * On success *out holds the manifest (all strings NUL-padded, so equal
 * manifests are byte-identical); on failure *out is zeroed and *where
 * (if not NULL) locates the fault. Only syntax is checked here: references
 * between services and to the boot package are service_graph_check's job.
 */
sys_parse_err_t system_manifest_parse(const char *text, size_t len, system_t *out,
                                      sys_parse_where_t *where);

/* Static, never NULL. */
const char *system_parse_strerror(sys_parse_err_t err);

/* ---- naming rules, shared with the image decoder ---- */
bool sys_service_name_valid(const char *s, size_t len); /* also profile names */
bool sys_export_name_valid(const char *s, size_t len);
bool sys_capname_valid(const char *s, size_t len); /* not starting with "export:" */
bool sys_entry_name_valid(const char *s, size_t len);
/* The CapSet name of an export: "export:" + its name, or a valid CapSet
 * name (NUL-terminated arguments). */
bool sys_export_cap_valid(const char *export_name, const char *cap);

/* Rights bits from names joined by '+' (call, derive, transfer, read, write,
 * control, bind, stale_ok); recv cannot be granted. False on any unknown
 * or repeated name. */
bool sys_rights_parse(const char *s, size_t len, uint32_t *rights);

/* The manifest name of one right bit, or NULL (recv, unknown bits). */
const char *sys_right_name(uint32_t bit);

/* Rights and scope a grant's capability is derived with: the listed rights
 * (or the kind's default) plus TRANSFER, which every spawn grant needs. */
uint32_t sys_grant_rights(const sys_grant_t *g);
uint32_t sys_grant_scope(const sys_grant_t *g);

#endif
