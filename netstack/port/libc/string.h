/* The part of <string.h> lwIP uses. Definitions: lib/rt (memcpy, memset,
 * memmove, memcmp, strlen, strcmp) and netstack/port/lwip_libc.c
 * (strncmp). The netstack builds without the host's C headers. */
#ifndef CAPOS_NETSTACK_LIBC_STRING_H
#define CAPOS_NETSTACK_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#endif
