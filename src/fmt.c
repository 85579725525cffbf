// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "fmt.h"

#define U64_DIGITS_MAX 20

char *fmt_u64(char *p, uint64_t v)
{
	char tmp[U64_DIGITS_MAX];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* One to three digits of a byte, without division. */
static char *fmt_byte(char *p, unsigned int v)
{
	if (v >= 100) {
		*p++ = (char)('0' + v / 100);
		v %= 100;
		*p++ = (char)('0' + v / 10);
	} else if (v >= 10) {
		*p++ = (char)('0' + v / 10);
	}
	*p++ = (char)('0' + v % 10);
	return p;
}

char *fmt_ipv4(char *p, const struct in_addr *a)
{
	const unsigned char *b = (const unsigned char *)&a->s_addr;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = fmt_byte(p, b[i]);
	}
	return p;
}

static char *fmt_hex16(char *p, unsigned int v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 12;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 0xf];
	return p;
}

char *fmt_ipv6(char *p, const struct in6_addr *a)
{
	const unsigned char *b = a->s6_addr;
	unsigned int w[8];
	int i, best = -1, best_len = 0, cur = -1, cur_len = 0;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned int)b[2 * i] << 8 | b[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			struct in_addr v4;

			memcpy(&v4, b + 12, sizeof(v4));
			return fmt_ipv4(p, &v4);
		}
		p = fmt_hex16(p, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

int fmt_mask_bits(const unsigned char *b, size_t len)
{
	size_t i = 0;
	int bits;

	while (i < len && b[i] == 0xff)
		i++;
	if (i == len)
		return (int)(8 * len);
	bits = (int)(8 * i);
	/* the byte where the ones stop: ones then zeros only */
	if ((unsigned char)(b[i] + (b[i] & -b[i])) != 0)
		return -1;
	bits += b[i] ? 8 - __builtin_ctz(b[i]) : 0;
	for (i++; i < len; i++)
		if (b[i])
			return -1;
	return bits;
}

int fmt_mask6_bits(const struct in6_addr *m)
{
	return fmt_mask_bits(m->s6_addr, sizeof(m->s6_addr));
}
