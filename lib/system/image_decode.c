/* System image records -> system_t, validating every field (system_image.h). */
#include "capos/abi.h"
#include "capos/system_image.h"
#include "image_io.h"

typedef struct {
    system_t *sys;
    bool guest_seen;
    sys_record_t owner; /* SERVICE or PROFILE the next sub-records belong to, or 0 */
    uint8_t phase;      /* a service's records come as GRANTs, EXPORTs, AFTERs */
} decoder_t;

/* No NUL inside; the name rules are checked per grant kind in grant_ok. */
static bool any_name(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\0')
            return false;
    return true;
}

/* The NUL-terminated field is accepted by valid(). */
static bool field_valid(const char *field, bool (*valid)(const char *, size_t)) {
    size_t n = 0;
    while (field[n])
        n++;
    return valid(field, n);
}

static bool is_empty(const char *field) {
    return field[0] == '\0';
}

/* The fields a grant of its kind may use, and nothing else. */
static bool grant_ok(const sys_grant_t *g) {
    bool plain = g->a == 0 && g->b == 0 && is_empty(g->export_name);
    bool badge_ok = g->has_badge ? g->kind == SYS_SRC_EXPORT && g->badge != 0 : g->badge == 0;
    bool scope_ok = g->scope <= CAP_SCOPE_CROSS_SESSION_SHAREABLE || g->scope == SYS_SCOPE_DEFAULT;
    if (!badge_ok || !scope_ok || g->has_badge > 1 ||
        (g->rights & ~(CAP_RIGHTS_ALL & ~CAP_RIGHT_RECV)))
        return false;
    switch (g->kind) {
    case SYS_SRC_ROOT:
        return plain && field_valid(g->target, sys_capname_valid);
    case SYS_SRC_FILE:
        return plain && field_valid(g->target, sys_entry_name_valid);
    case SYS_SRC_SHUTDOWN:
    case SYS_SRC_STATUS:
        return plain && is_empty(g->target);
    case SYS_SRC_EXPORT:
        return g->a == 0 && g->b == 0 && field_valid(g->target, sys_service_name_valid) &&
               field_valid(g->export_name, sys_export_name_valid);
    case SYS_SRC_IOPORTS:
        return is_empty(g->target) && is_empty(g->export_name) && g->b >= 1 &&
               g->a < SYS_IOPORT_LIMIT && g->b <= SYS_IOPORT_LIMIT - g->a;
    case SYS_SRC_PCI:
        return is_empty(g->target) && is_empty(g->export_name) && g->a <= SYS_PCI_ID_MAX &&
               g->b <= 0xffffu;
    case SYS_SRC_IRQ:
    case SYS_SRC_MEMORY:
        return is_empty(g->target) && is_empty(g->export_name) && g->b == 0 &&
               (g->kind == SYS_SRC_IRQ ? g->a <= SYS_IRQ_LINE_MAX
                                       : g->a >= 1 && g->a <= SYS_MEMORY_PAGES_MAX);
    }
    return false;
}

static sys_image_err_t read_grant(img_reader_t *r, sys_service_t *s) {
    if (s->ngrants == SYS_MAX_GRANTS)
        return SYS_IMAGE_ERR_TOO_MANY;
    sys_grant_t *g = &s->grants[s->ngrants++];
    img_get_str(r, g->name, sizeof g->name, sys_capname_valid);
    g->kind = img_get_u8(r);
    g->scope = img_get_u8(r);
    g->has_badge = img_get_u8(r);
    g->rights = img_get_u32(r);
    g->badge = img_get_u64(r);
    img_get_str(r, g->target, sizeof g->target, any_name);
    img_get_str(r, g->export_name, sizeof g->export_name, any_name);
    g->a = img_get_u32(r);
    g->b = img_get_u32(r);
    return r->bad || grant_ok(g) ? SYS_IMAGE_OK : SYS_IMAGE_ERR_BAD_FIELD;
}

static sys_image_err_t read_service(img_reader_t *r, decoder_t *d) {
    system_t *sys = d->sys;
    if (sys->nprofiles > 0 || d->guest_seen || sys->nauthorized_keys > 0)
        return SYS_IMAGE_ERR_RECORD; /* services come first */
    if (sys->nservices == SYS_MAX_SERVICES)
        return SYS_IMAGE_ERR_TOO_MANY;
    sys_service_t *s = &sys->services[sys->nservices++];
    s->line = img_get_u32(r);
    img_get_str(r, s->name, sizeof s->name, sys_service_name_valid);
    img_get_str(r, s->binary, sizeof s->binary, sys_entry_name_valid);
    d->owner = SYS_REC_SERVICE;
    d->phase = SYS_REC_GRANT;
    return SYS_IMAGE_OK;
}

static sys_image_err_t read_profile(img_reader_t *r, decoder_t *d) {
    system_t *sys = d->sys;
    if (d->guest_seen || sys->nauthorized_keys > 0)
        return SYS_IMAGE_ERR_RECORD;
    if (sys->nprofiles == SYS_MAX_PROFILES)
        return SYS_IMAGE_ERR_TOO_MANY;
    sys_profile_t *p = &sys->profiles[sys->nprofiles++];
    p->line = img_get_u32(r);
    img_get_str(r, p->name, sizeof p->name, sys_service_name_valid);
    p->shutdown = img_get_u8(r);
    p->status = img_get_u8(r);
    p->logs = img_get_u8(r);
    p->ttl_s = img_get_u32(r);
    d->owner = SYS_REC_PROFILE;
    bool ok =
        p->shutdown <= 1 && p->status <= 1 && p->logs <= SYS_LOGS_ALL && p->ttl_s <= SYS_TTL_MAX_S;
    return ok ? SYS_IMAGE_OK : SYS_IMAGE_ERR_BAD_FIELD;
}

/* An EXPORT or AFTER record of the last SERVICE. */
static sys_image_err_t read_service_item(img_reader_t *r, decoder_t *d, sys_record_t type) {
    if (d->owner != SYS_REC_SERVICE)
        return SYS_IMAGE_ERR_ORPHAN;
    sys_service_t *s = &d->sys->services[d->sys->nservices - 1];
    if (type == SYS_REC_EXPORT) {
        if (s->nexports == SYS_MAX_EXPORTS)
            return SYS_IMAGE_ERR_TOO_MANY;
        uint32_t x = s->nexports++;
        img_get_str(r, s->exports[x], SYS_EXPORT_MAX + 1, sys_export_name_valid);
        img_get_str(r, s->export_caps[x], SYS_CAPNAME_MAX + 1, any_name);
        if (!r->bad && !sys_export_cap_valid(s->exports[x], s->export_caps[x]))
            return SYS_IMAGE_ERR_BAD_FIELD;
    } else {
        if (s->nafter == SYS_MAX_AFTER)
            return SYS_IMAGE_ERR_TOO_MANY;
        img_get_str(r, s->after[s->nafter++], SYS_NAME_MAX + 1, sys_service_name_valid);
    }
    return SYS_IMAGE_OK;
}

/* A LAUNCHER record of the last PROFILE. */
static sys_image_err_t read_launcher(img_reader_t *r, decoder_t *d) {
    if (d->owner != SYS_REC_PROFILE)
        return SYS_IMAGE_ERR_ORPHAN;
    sys_profile_t *p = &d->sys->profiles[d->sys->nprofiles - 1];
    if (p->nlauncher == SYS_MAX_LAUNCHER)
        return SYS_IMAGE_ERR_TOO_MANY;
    img_get_str(r, p->launcher[p->nlauncher++], SYS_ENTRY_MAX + 1, sys_entry_name_valid);
    return SYS_IMAGE_OK;
}

static sys_image_err_t read_guest(img_reader_t *r, decoder_t *d) {
    if (d->guest_seen || d->sys->nauthorized_keys > 0)
        return SYS_IMAGE_ERR_RECORD;
    d->guest_seen = true;
    d->owner = 0;
    d->sys->guest_set = 1;
    d->sys->guest = img_get_u8(r);
    return d->sys->guest <= 1 ? SYS_IMAGE_OK : SYS_IMAGE_ERR_BAD_FIELD;
}

/* An AUTHORIZED_KEY record: a valid key, not one already given. */
static sys_image_err_t read_authorized_key(img_reader_t *r, decoder_t *d) {
    system_t *sys = d->sys;
    if (sys->nauthorized_keys == SYS_MAX_AUTHORIZED_KEYS)
        return SYS_IMAGE_ERR_TOO_MANY;
    d->owner = 0;
    sys_authorized_key_t *k = &sys->authorized_keys[sys->nauthorized_keys];
    img_get_str(r, k->account, sizeof k->account, sys_account_valid);
    k->type = img_get_u8(r);
    uint16_t n = img_get_u16(r);
    if (r->bad || n > SYS_KEY_BLOB_MAX || n > r->len - r->pos)
        return SYS_IMAGE_ERR_BAD_FIELD;
    __builtin_memcpy(k->blob, r->p + r->pos, n);
    r->pos += n;
    k->blob_len = n;
    size_t account_len = 0;
    while (k->account[account_len])
        account_len++;
    if (sys_key_blob_check(k->type, k->blob, n) != AUTHKEY_OK ||
        sys_authorized_key_find(sys->authorized_keys, sys->nauthorized_keys, k->account,
                                account_len, k->blob, n) >= 0)
        return SYS_IMAGE_ERR_BAD_FIELD;
    sys->nauthorized_keys++;
    return SYS_IMAGE_OK;
}

/* One record body; the reader covers exactly the body. */
static sys_image_err_t read_body(img_reader_t *r, decoder_t *d, uint8_t type) {
    if (type >= SYS_REC_GRANT && type <= SYS_REC_AFTER && d->owner == SYS_REC_SERVICE) {
        if (type < d->phase)
            return SYS_IMAGE_ERR_RECORD; /* out of the encoder's order */
        d->phase = type;
    }
    switch (type) {
    case SYS_REC_SERVICE:
        return read_service(r, d);
    case SYS_REC_GRANT:
        if (d->owner != SYS_REC_SERVICE)
            return SYS_IMAGE_ERR_ORPHAN;
        return read_grant(r, &d->sys->services[d->sys->nservices - 1]);
    case SYS_REC_EXPORT:
    case SYS_REC_AFTER:
        return read_service_item(r, d, (sys_record_t)type);
    case SYS_REC_LAUNCHER:
        return read_launcher(r, d);
    case SYS_REC_PROFILE:
        return read_profile(r, d);
    case SYS_REC_GUEST:
        return read_guest(r, d);
    case SYS_REC_AUTHORIZED_KEY:
        return read_authorized_key(r, d);
    }
    return SYS_IMAGE_ERR_RECORD;
}

static sys_image_err_t read_record(img_reader_t *r, decoder_t *d) {
    uint8_t type = img_get_u8(r);
    uint8_t pad = img_get_u8(r);
    uint16_t body_len = img_get_u16(r);
    if (r->bad || body_len > r->len - r->pos)
        return SYS_IMAGE_ERR_TRUNCATED;
    if (pad != 0)
        return SYS_IMAGE_ERR_RECORD;
    img_reader_t body = {r->p + r->pos, body_len, 0, false};
    r->pos += body_len;
    sys_image_err_t err = read_body(&body, d, type);
    if (err == SYS_IMAGE_OK && body.bad)
        err = SYS_IMAGE_ERR_BAD_FIELD;
    if (err == SYS_IMAGE_OK && body.pos != body.len)
        err = SYS_IMAGE_ERR_RECORD;
    return err;
}

sys_image_err_t system_image_decode(const uint8_t *data, size_t len, system_t *out,
                                    uint32_t *record) {
    decoder_t d = {out, false, 0, 0};
    img_reader_t r = {data, len, 0, false};
    uint32_t scratch, n = 0;
    sys_image_err_t err = SYS_IMAGE_OK;
    record = record ? record : &scratch;
    *record = 0;
    __builtin_memset(out, 0, sizeof *out);
    if (len < SYS_IMAGE_HEADER)
        return SYS_IMAGE_ERR_TRUNCATED;
    if (__builtin_memcmp(data, SYS_IMAGE_MAGIC, 8) != 0)
        return SYS_IMAGE_ERR_MAGIC;
    r.pos = 8;
    uint32_t size = img_get_u32(&r), count = img_get_u32(&r);
    if (size != len || len > SYS_IMAGE_MAX)
        return SYS_IMAGE_ERR_SIZE;
    for (; err == SYS_IMAGE_OK && r.pos < r.len; n++) {
        *record = n;
        err = n < count ? read_record(&r, &d) : SYS_IMAGE_ERR_COUNT;
    }
    if (err == SYS_IMAGE_OK && n != count) {
        *record = n;
        err = SYS_IMAGE_ERR_COUNT;
    }
    if (err != SYS_IMAGE_OK)
        __builtin_memset(out, 0, sizeof *out);
    return err;
}

const char *system_image_strerror(sys_image_err_t err) {
    switch (err) {
    case SYS_IMAGE_OK:
        return "ok";
    case SYS_IMAGE_ERR_TRUNCATED:
        return "truncated";
    case SYS_IMAGE_ERR_MAGIC:
        return "not a system image (bad magic)";
    case SYS_IMAGE_ERR_SIZE:
        return "size in the header does not match";
    case SYS_IMAGE_ERR_RECORD:
        return "malformed or misplaced record";
    case SYS_IMAGE_ERR_ORPHAN:
        return "record without its service or profile";
    case SYS_IMAGE_ERR_TOO_MANY:
        return "more entries than the manifest limits allow";
    case SYS_IMAGE_ERR_BAD_FIELD:
        return "invalid field";
    case SYS_IMAGE_ERR_COUNT:
        return "record count does not match";
    case SYS_IMAGE_ERR_NO_SPACE:
        return "image too large";
    }
    return "unknown system image error";
}
