/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The few numbers save prints for every rule, formatted without printf:
 * a save of a large table prints hundreds of thousands of them, and
 * printf's format parsing and locking cost more than the printing.
 * Each writes at p (which must have room) and returns the end, no NUL.
 */
#ifndef NFC_FMT_H
#define NFC_FMT_H

#include <stdint.h>
#include <netinet/in.h>

/* Room for any of them, NUL included. */
#define FMT_MAX 24

/* Decimal, as printf("%llu"). */
char *fmt_u64(char *p, uint64_t v);
/* Dotted quad, as inet_ntop(AF_INET). */
char *fmt_ipv4(char *p, const struct in_addr *a);

#endif
