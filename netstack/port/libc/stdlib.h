/* The part of <stdlib.h> lwIP uses (netif_find parses "en0" with atoi);
 * defined in netstack/port/lwip_libc.c. */
#ifndef CAPOS_NETSTACK_LIBC_STDLIB_H
#define CAPOS_NETSTACK_LIBC_STDLIB_H

int atoi(const char *s);

#endif
