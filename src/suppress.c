// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <string.h>

#include "finding.h"
#include "suppress.h"

_Static_assert(NFC_F_COUNT <= 32, "suppression masks hold 32 findings");

#define TAG "nfcommit:"
#define KEY "ignore="
#define WORD_MAX 32

static size_t skip_blanks(const char *t, size_t i, size_t len)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i;
}

uint32_t suppress_parse(const char *t, size_t len)
{
	size_t i = 1, n;
	uint32_t mask = 0;
	char word[WORD_MAX];

	if (!len || t[0] != '#')
		return 0;
	i = skip_blanks(t, i, len);
	if (len - i < strlen(TAG) || memcmp(t + i, TAG, strlen(TAG)))
		return 0;
	i = skip_blanks(t, i + strlen(TAG), len);
	if (len - i < strlen(KEY) || memcmp(t + i, KEY, strlen(KEY)))
		return 0;
	i += strlen(KEY);
	for (;;) {
		for (n = 0; i + n < len && (isalnum((unsigned char)t[i + n]) ||
					    t[i + n] == '-');
		     n++)
			;
		if (n && n < sizeof(word)) {
			unsigned int code;

			memcpy(word, t + i, n);
			word[n] = '\0';
			code = finding_lookup(word);
			if (code)
				mask |= 1u << code;
		}
		i += n;
		if (i >= len || t[i] != ',')
			break;
		i = skip_blanks(t, i + 1, len);
	}
	return mask;
}

static bool is_comment(const char *t, size_t len)
{
	return len && t[0] == '#';
}

void suppress_init(struct suppress *s, const struct line_index *li)
{
	unsigned int line;
	const char *t;
	size_t len;

	s->li = li;
	s->file_mask = 0;
	for (line = 1; (t = line_index_get(li, line, &len)); line++) {
		if (len && !is_comment(t, len))
			break;
		s->file_mask |= suppress_parse(t, len);
	}
}

bool suppress_match(const struct suppress *s, unsigned int code,
		    unsigned int line)
{
	uint32_t mask = s->file_mask;
	const char *t;
	size_t len;

	if (!code || code >= NFC_F_COUNT)
		return false;
	while (line > 1 && (t = line_index_get(s->li, line - 1, &len)) &&
	       is_comment(t, len)) {
		mask |= suppress_parse(t, len);
		line--;
	}
	return mask & (1u << code);
}
