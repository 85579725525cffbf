// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hostname.h"

/* "100::ffff:ffff" is the longest placeholder. */
#define PLACEHOLDER_MAX 16
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

bool host_elem_is_name(const char *elem, size_t len)
{
	bool letter = false;
	size_t i;

	for (i = 0; i < len && elem[i] != '/'; i++) {
		unsigned char c = (unsigned char)elem[i];

		if (isalpha(c))
			letter = true;
		else if (!isdigit(c) && c != '.' && c != '-' && c != '_')
			return false;
	}
	return letter;
}

static bool is_name(const char *elem, size_t len, host_numeric_fn numeric,
		    void *arg)
{
	return !numeric(elem, len, arg) && host_elem_is_name(elem, len);
}

bool host_spec_has_names(const char *spec, host_numeric_fn numeric,
			 void *arg)
{
	const char *p = spec, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if (is_name(p, comma ? (size_t)(comma - p) : strlen(p), numeric,
			    arg))
			return true;
		if (!comma)
			return false;
		p = comma + 1;
	}
}

size_t host_spec_offline_size(const char *spec)
{
	size_t n = 1;
	const char *p;

	for (p = spec; *p; p++)
		n += *p == ',';
	return strlen(spec) + n * (PLACEHOLDER_MAX + 1) + 2;
}

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return h;
}

static size_t placeholder(const char *name, size_t len,
			  enum nfc_family family, char *out, size_t size)
{
	uint32_t h = name_hash(name, len);
	int n;

	if (family == NFC_IPV6)
		n = snprintf(out, size, "100::%x:%x", h >> 16, h & 0xffff);
	else /* never 0.0.0.0 itself, which DHCP clients use */
		n = snprintf(out, size, "0.%u.%u.%u", (h >> 16) & 0xff,
			     (h >> 8) & 0xff, (h & 0xff) | 1);
	return n < 0 ? 0 : (size_t)n;
}

void host_spec_offline(const char *spec, enum nfc_family family,
		       host_numeric_fn numeric, void *arg, char *out,
		       size_t size)
{
	const char *p = spec, *comma, *slash;
	size_t len, name_len, o = 0;

	out[0] = '\0';
	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (o + len + PLACEHOLDER_MAX + 2 > size)
			return;
		if (!is_name(p, len, numeric, arg)) {
			memcpy(out + o, p, len);
			o += len;
		} else {
			slash = memchr(p, '/', len);
			name_len = slash ? (size_t)(slash - p) : len;
			o += placeholder(p, name_len, family, out + o,
					 size - o);
			memcpy(out + o, p + name_len, len - name_len);
			o += len - name_len;
		}
		if (!comma)
			break;
		out[o++] = ',';
		p = comma + 1;
	}
	out[o] = '\0';
}
