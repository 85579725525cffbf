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
