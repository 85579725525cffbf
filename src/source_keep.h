/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A one-pass restore (load_stream.c) needs the text of its input only
 * while it parses it, and afterwards only for the few lines diagnostics
 * quote.  This gives the memory of the text already parsed back to the
 * kernel as the parse moves on, after copying out the lines that may be
 * quoted, and at the end leaves the source holding those lines alone,
 * every other line empty, so that line numbers and quotes stay as they
 * were.
 */
#ifndef NFC_SOURCE_KEEP_H
#define NFC_SOURCE_KEEP_H

#include "source.h"

struct source_keep;

struct source_keep *source_keep_new(struct nfc_source *src);
void source_keep_free(struct source_keep *k);

/*
 * The parse is at line `line`: the text before it may go, but for the
 * lines in need[0..n) (sorted, 1-based), which are copied out first.
 * The memory goes back in large steps, whole pages only.
 */
void source_keep_advance(struct source_keep *k, unsigned int line,
			 const unsigned int *need, size_t n);

/* The parse is over: replace the source's text with the needed lines
 * (need as above, for the whole input).  Returns 0, or -ENOMEM with the
 * source left as it is. */
int source_keep_finish(struct source_keep *k, const unsigned int *need,
		       size_t n);

#endif
