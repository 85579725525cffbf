/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Suppression comments.  A comment line
 *
 *	# nfcommit: ignore=NFC012,NFC013
 *
 * silences those findings on the line below it (a run of comment lines
 * directly above a line counts as one block), and anywhere in the file
 * when it stands in the comment block at the top of the file, before the
 * first line that is neither a comment nor empty.  Finding names work as
 * well as IDs (ignore=shadowed).
 */
#ifndef NFC_SUPPRESS_H
#define NFC_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lineidx.h"

struct suppress {
	const struct line_index *li;
	uint32_t file_mask; /* a bit per finding code */
};

void suppress_init(struct suppress *s, const struct line_index *li);
/* Is finding code reported at line silenced? */
bool suppress_match(const struct suppress *s, unsigned int code,
		    unsigned int line);
/* The codes a comment line names (0 when it is no nfcommit comment). */
uint32_t suppress_parse(const char *text, size_t len);

#endif
