/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One input, read whole into memory: diagnostics quote its lines, and the
 * loader must see all of it before anything reaches the kernel.
 */
#ifndef NFC_SOURCE_H
#define NFC_SOURCE_H

#include <stddef.h>

struct nfc_source {
	char *name; /* "<stdin>" for standard input */
	char *buf;  /* the bytes read, NUL-terminated (the input may hold NULs) */
	size_t len;
};

/* Read path ("-" or NULL for stdin).  Returns 0, or -errno with msg set. */
int source_read(struct nfc_source *src, const char *path, char *msg,
		size_t msglen);
/* An input held in memory already (tests, the fuzzer); buf is copied. */
int source_from_buffer(struct nfc_source *src, const char *name,
		       const char *buf, size_t len);
void source_free(struct nfc_source *src);

/* The text of line `line` (1-based) and its length without the newline;
 * NULL when the input has fewer lines. */
const char *source_line(const struct nfc_source *src, unsigned int line,
			size_t *len);

#endif
