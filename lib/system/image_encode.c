/* system_t -> system image records (system_image.h). */
#include "capos/system_image.h"
#include "image_io.h"

/* Starts a record; returns where its header is, for end_record. */
static size_t begin_record(img_writer_t *w, uint32_t *count, sys_record_t type) {
    size_t at = w->pos;
    img_put_u8(w, (uint8_t)type);
    img_put_u8(w, 0);
    img_put_u16(w, 0);
    (*count)++;
    return at;
}

/* Patches the body length of the record begun at at. */
static void end_record(img_writer_t *w, size_t at) {
    size_t body = w->pos - at - 4u;
    if (w->overflow || body > 0xffffu) {
        w->overflow = true;
        return;
    }
    w->out[at + 2] = (uint8_t)body;
    w->out[at + 3] = (uint8_t)(body >> 8);
}

static void put_grant(img_writer_t *w, uint32_t *count, const sys_grant_t *g) {
    size_t at = begin_record(w, count, SYS_REC_GRANT);
    img_put_str(w, g->name);
    img_put_u8(w, g->kind);
    img_put_u8(w, g->scope);
    img_put_u8(w, g->has_badge);
    img_put_u32(w, g->rights);
    img_put_u64(w, g->badge);
    img_put_str(w, g->target);
    img_put_str(w, g->export_name);
    img_put_u32(w, g->a);
    img_put_u32(w, g->b);
    end_record(w, at);
}

/* A record whose body is one string. */
static void put_named(img_writer_t *w, uint32_t *count, sys_record_t type, const char *name) {
    size_t at = begin_record(w, count, type);
    img_put_str(w, name);
    end_record(w, at);
}

static void put_service(img_writer_t *w, uint32_t *count, const sys_service_t *s) {
    size_t at = begin_record(w, count, SYS_REC_SERVICE);
    img_put_u32(w, s->line);
    img_put_str(w, s->name);
    img_put_str(w, s->binary);
    end_record(w, at);
    for (uint32_t i = 0; i < s->ngrants && i < SYS_MAX_GRANTS; i++)
        put_grant(w, count, &s->grants[i]);
    for (uint32_t i = 0; i < s->nexports && i < SYS_MAX_EXPORTS; i++) {
        size_t at = begin_record(w, count, SYS_REC_EXPORT);
        img_put_str(w, s->exports[i]);
        img_put_str(w, s->export_caps[i]);
        end_record(w, at);
    }
    for (uint32_t i = 0; i < s->nafter && i < SYS_MAX_AFTER; i++)
        put_named(w, count, SYS_REC_AFTER, s->after[i]);
}

static void put_profile(img_writer_t *w, uint32_t *count, const sys_profile_t *p) {
    size_t at = begin_record(w, count, SYS_REC_PROFILE);
    img_put_u32(w, p->line);
    img_put_str(w, p->name);
    img_put_u8(w, p->shutdown);
    img_put_u8(w, p->status);
    img_put_u8(w, p->logs);
    img_put_u32(w, p->ttl_s);
    end_record(w, at);
    for (uint32_t i = 0; i < p->nlauncher && i < SYS_MAX_LAUNCHER; i++)
        put_named(w, count, SYS_REC_LAUNCHER, p->launcher[i]);
}

static void put_authorized_key(img_writer_t *w, uint32_t *count, const sys_authorized_key_t *k) {
    size_t at = begin_record(w, count, SYS_REC_AUTHORIZED_KEY);
    uint16_t n = k->blob_len <= SYS_KEY_BLOB_MAX ? k->blob_len : 0;
    img_put_str(w, k->account);
    img_put_u8(w, k->type);
    img_put_u16(w, n);
    img_put(w, k->blob, n);
    end_record(w, at);
}

sys_image_err_t system_image_encode(const system_t *sys, uint8_t *out, size_t cap, size_t *len) {
    img_writer_t w = {out, cap, 0, false};
    uint32_t count = 0;
    img_put(&w, SYS_IMAGE_MAGIC, 8);
    img_put_u32(&w, 0); /* size, patched below */
    img_put_u32(&w, 0); /* record count, patched below */
    for (uint32_t i = 0; i < sys->nservices && i < SYS_MAX_SERVICES; i++)
        put_service(&w, &count, &sys->services[i]);
    for (uint32_t i = 0; i < sys->nprofiles && i < SYS_MAX_PROFILES; i++)
        put_profile(&w, &count, &sys->profiles[i]);
    if (sys->guest_set) {
        size_t at = begin_record(&w, &count, SYS_REC_GUEST);
        img_put_u8(&w, sys->guest);
        end_record(&w, at);
    }
    for (uint32_t i = 0; i < sys->nauthorized_keys && i < SYS_MAX_AUTHORIZED_KEYS; i++)
        put_authorized_key(&w, &count, &sys->authorized_keys[i]);
    if (w.overflow || w.pos > SYS_IMAGE_MAX)
        return SYS_IMAGE_ERR_NO_SPACE;
    img_writer_t head = {out + 8, 8, 0, false};
    img_put_u32(&head, (uint32_t)w.pos);
    img_put_u32(&head, count);
    *len = w.pos;
    return SYS_IMAGE_OK;
}
