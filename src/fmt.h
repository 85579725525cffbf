/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The few numbers save prints for every rule, formatted without printf:
 * a save of a large table prints hundreds of thousands of them, and
 * printf's format parsing and locking cost more than the printing.
 * Each writes at p (which must have room) and returns the end, no NUL.
 */
#ifndef NFC_FMT_H
#define NFC_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* Room for any of them, NUL included. */
#define FMT_MAX 24

/* Decimal, as printf("%llu"). */
char *fmt_u64(char *p, uint64_t v);
/* Dotted quad, as inet_ntop(AF_INET). */
char *fmt_ipv4(char *p, const struct in_addr *a);

/* Room for fmt_ipv6, NUL included. */
#define FMT_IPV6_MAX 46
/* As glibc's inet_ntop(AF_INET6): the longest run of two or more zero
 * groups (the first of equal ones) as "::", an IPv4 address embedded
 * after ::/96 or ::ffff:0:0/96 dotted. */
char *fmt_ipv6(char *p, const struct in6_addr *a);
/* The prefix length of a mask of len bytes, or -1 when its ones are not
 * contiguous from the left. */
int fmt_mask_bits(const unsigned char *b, size_t len);
/* The same of an IPv6 mask: what xtables_ip6mask_to_cidr() says. */
int fmt_mask6_bits(const struct in6_addr *m);

#endif
