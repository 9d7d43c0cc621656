/*
 * Failed-login backoff: after the n-th consecutive failure the shell waits
 * before it prompts again, doubling from SH_BACKOFF_FIRST_MS up to
 * SH_BACKOFF_MAX_MS. A local attacker can reboot, so this only slows
 * guessing at the keyboard; the verifier's cost is the real defence. Pure.
 */
#ifndef SHELL_BACKOFF_H
#define SHELL_BACKOFF_H

#include <stdint.h>

#define SH_BACKOFF_FIRST_MS 1000u
#define SH_BACKOFF_MAX_MS 8000u
#define SH_LOGIN_ATTEMPTS 3u /* password prompts per `login` */

/* The wait after `failures` consecutive failures (0 when failures == 0). */
uint32_t sh_backoff_ms(uint32_t failures);

#endif
