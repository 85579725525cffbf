// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lineidx.h"

int line_index_build(struct line_index *li, const struct nfc_source *src)
{
	const char *p = src->buf, *end = src->buf + src->len, *nl;
	unsigned int n = 1;

	memset(li, 0, sizeof(*li));
	li->src = src;
	for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))); nl++)
		n++;
	li->start = malloc(n * sizeof(*li->start));
	if (!li->start)
		return -ENOMEM;
	li->start[li->n++] = 0;
	for (nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl))); nl++)
		li->start[li->n++] = (size_t)(nl + 1 - p);
	/* A final newline does not start a line of its own. */
	if (li->n > 1 && li->start[li->n - 1] == src->len)
		li->n--;
	return 0;
}

void line_index_free(struct line_index *li)
{
	free(li->start);
	memset(li, 0, sizeof(*li));
}

const char *line_index_get(const struct line_index *li, unsigned int line,
			   size_t *len)
{
	const char *text;
	size_t end;

	if (!li->start || line == 0 || line > li->n)
		return NULL;
	text = li->src->buf + li->start[line - 1];
	end = line < li->n ? li->start[line] - 1 : li->src->len;
	*len = end - li->start[line - 1];
	if (*len && text[*len - 1] == '\r')
		(*len)--;
	return text;
}
