/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -s / -d values in the one spelling that rules-save files use: a single
 * numeric address with an optional prefix length ("10.0.0.1/32",
 * "2001:db8::/64").  The result is exactly what libxtables'
 * xtables_ipparse_multiple() / xtables_ip6parse_multiple() compute for
 * the same text (the address masked), without their allocations and
 * locale-aware strtoumax() calls.  Any other spelling (host names, lists,
 * dotted masks, leading zeros, which libxtables reads as octal, blanks)
 * is refused, and the caller hands it to libxtables.
 */
#ifndef NFC_FASTADDR_H
#define NFC_FASTADDR_H

#include <stdbool.h>
#include <netinet/in.h>

bool fastaddr_parse4(const char *spec, struct in_addr *addr,
		     struct in_addr *mask);
bool fastaddr_parse6(const char *spec, struct in6_addr *addr,
		     struct in6_addr *mask);

#endif
