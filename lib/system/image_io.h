/* Little-endian field readers and writers of the system image, with sticky
 * bounds errors (a failed access sets bad and every later one fails). */
#ifndef CAPOS_SYSTEM_IMAGE_IO_H
#define CAPOS_SYSTEM_IMAGE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *out;
    size_t cap, pos;
    bool overflow;
} img_writer_t;

typedef struct {
    const uint8_t *p;
    size_t len, pos;
    bool bad;
} img_reader_t;

void img_put(img_writer_t *w, const void *data, size_t n);
void img_put_u8(img_writer_t *w, uint8_t v);
void img_put_u16(img_writer_t *w, uint16_t v);
void img_put_u32(img_writer_t *w, uint32_t v);
void img_put_u64(img_writer_t *w, uint64_t v);
/* A string field: u8 length (strlen of the NUL-terminated s) + bytes. */
void img_put_str(img_writer_t *w, const char *s);

uint8_t img_get_u8(img_reader_t *r);
uint16_t img_get_u16(img_reader_t *r);
uint32_t img_get_u32(img_reader_t *r);
uint64_t img_get_u64(img_reader_t *r);
/* A string field into field[0..size) (NUL-padded); valid() must accept its
 * bytes, and it must fit with a NUL, else the reader goes bad. */
void img_get_str(img_reader_t *r, char *field, size_t size, bool (*valid)(const char *, size_t));

#endif
