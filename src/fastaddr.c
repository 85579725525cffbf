// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <arpa/inet.h>

#include "fastaddr.h"

#define IPV4_BITS 32
#define IPV6_BITS 128
#define OCTET_MAX 255
#define DECIMAL_DIGITS_MAX 3
/* xtables_ip6parse_multiple() copies an element into a 256-byte buffer. */
#define IPV6_TEXT_MAX 255

/*
 * A decimal number of 1 to 3 digits at *s, without a leading zero
 * (libxtables reads "010" as octal, "08" not at all), up to max.
 * Advances *s past it.
 */
static bool decimal(const char **s, unsigned int max, unsigned int *out)
{
	const char *p = *s;
	unsigned int v = 0, n = 0;

	while (*p >= '0' && *p <= '9') {
		if (n == DECIMAL_DIGITS_MAX || (n == 1 && v == 0))
			return false;
		v = v * 10 + (unsigned int)(*p++ - '0');
		n++;
	}
	if (n == 0 || v > max)
		return false;
	*s = p;
	*out = v;
	return true;
}

/* "/N" or nothing; libxtables tries a dotted or IPv6 mask first, which a
 * plain decimal can never be. */
static bool prefix_len(const char *s, unsigned int max, unsigned int *bits)
{
	if (*s == '\0') {
		*bits = max;
		return true;
	}
	if (*s++ != '/' || !decimal(&s, max, bits))
		return false;
	return *s == '\0';
}

bool fastaddr_parse4(const char *spec, struct in_addr *addr,
		     struct in_addr *mask)
{
	const char *s = spec;
	unsigned char b[4];
	unsigned int i, v, bits;
	uint32_t m, a;

	for (i = 0; i < 4; i++) {
		if (i && *s++ != '.')
			return false;
		if (!decimal(&s, OCTET_MAX, &v))
			return false;
		b[i] = (unsigned char)v;
	}
	if (!prefix_len(s, IPV4_BITS, &bits))
		return false;
	m = bits ? htonl(0xffffffffu << (IPV4_BITS - bits)) : 0;
	memcpy(&a, b, sizeof(a));
	addr->s_addr = a & m;
	mask->s_addr = m;
	return true;
}

bool fastaddr_parse6(const char *spec, struct in6_addr *addr,
		     struct in6_addr *mask)
{
	char buf[IPV6_TEXT_MAX + 1];
	const char *slash = strrchr(spec, '/');
	size_t len = slash ? (size_t)(slash - spec) : strlen(spec);
	unsigned int bits, i;

	/* inet_pton() is libxtables' own test for a numeric IPv6 address;
	 * its syntax has no blanks or commas to worry about. */
	if (len > IPV6_TEXT_MAX || !prefix_len(slash ? slash : "", IPV6_BITS,
					       &bits))
		return false;
	memcpy(buf, spec, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return false;
	memset(mask, 0, sizeof(*mask));
	for (i = 0; i < bits / 8; i++)
		mask->s6_addr[i] = 0xff;
	if (bits % 8)
		mask->s6_addr[bits / 8] = (unsigned char)(0xff << (8 - bits % 8));
	for (i = 0; i < sizeof(addr->s6_addr); i++)
		addr->s6_addr[i] &= mask->s6_addr[i];
	return true;
}
