/* Bounded field access of the system image (image_io.h). */
#include "capos/byteorder.h"
#include "image_io.h"

void img_put(img_writer_t *w, const void *data, size_t n) {
    if (w->overflow || n > w->cap - w->pos) {
        w->overflow = true;
        return;
    }
    __builtin_memcpy(w->out + w->pos, data, n);
    w->pos += n;
}

void img_put_u8(img_writer_t *w, uint8_t v) {
    img_put(w, &v, 1);
}

void img_put_u16(img_writer_t *w, uint16_t v) {
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    img_put(w, b, 2);
}

void img_put_u32(img_writer_t *w, uint32_t v) {
    uint8_t b[4];
    store_le32(b, v);
    img_put(w, b, 4);
}

void img_put_u64(img_writer_t *w, uint64_t v) {
    uint8_t b[8];
    store_le64(b, v);
    img_put(w, b, 8);
}

void img_put_str(img_writer_t *w, const char *s) {
    size_t n = 0;
    while (s[n] && n < 255)
        n++;
    img_put_u8(w, (uint8_t)n);
    img_put(w, s, n);
}

/* n bytes at the cursor, or NULL (and bad) when fewer remain. */
static const uint8_t *take(img_reader_t *r, size_t n) {
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *p = r->p + r->pos;
    r->pos += n;
    return p;
}

uint8_t img_get_u8(img_reader_t *r) {
    const uint8_t *p = take(r, 1);
    return p ? p[0] : 0;
}

uint16_t img_get_u16(img_reader_t *r) {
    const uint8_t *p = take(r, 2);
    return p ? (uint16_t)(p[0] | (p[1] << 8)) : 0;
}

uint32_t img_get_u32(img_reader_t *r) {
    const uint8_t *p = take(r, 4);
    return p ? load_le32(p) : 0;
}

uint64_t img_get_u64(img_reader_t *r) {
    const uint8_t *p = take(r, 8);
    return p ? load_le64(p) : 0;
}

void img_get_str(img_reader_t *r, char *field, size_t size, bool (*valid)(const char *, size_t)) {
    size_t n = img_get_u8(r);
    const uint8_t *p = take(r, n);
    __builtin_memset(field, 0, size);
    if (p == NULL || n >= size || !valid((const char *)p, n)) {
        r->bad = true;
        return;
    }
    __builtin_memcpy(field, p, n);
}
