/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where each line of an input starts, so that passes that quote or
 * re-read many lines (lint, suppression comments, reports) find a line
 * in constant time instead of scanning the input from the top each time.
 */
#ifndef NFC_LINEIDX_H
#define NFC_LINEIDX_H

#include <stddef.h>

#include "source.h"

struct line_index {
	const struct nfc_source *src;
	size_t *start; /* start[i]: offset of line i + 1 */
	unsigned int n;
};

/* Returns 0 or -ENOMEM. */
int line_index_build(struct line_index *li, const struct nfc_source *src);
void line_index_free(struct line_index *li);
/* Text of line (1-based) without its newline or a trailing CR, or NULL. */
const char *line_index_get(const struct line_index *li, unsigned int line,
			   size_t *len);

#endif
