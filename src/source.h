/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One input, read whole into memory: diagnostics quote its lines, and the
 * loader must see all of it before anything reaches the kernel.
 */
#ifndef NFC_SOURCE_H
#define NFC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct nfc_source {
	char *name; /* "<stdin>" for standard input */
	char *buf;  /* the bytes read, NUL-terminated (the input may hold NULs) */
	size_t len;
	/* Reading stopped after the line that holds the first NUL byte: no
	 * text file has one, so what follows (/dev/zero has no end) was not
	 * read.  The parser reports the NUL and no missing COMMIT. */
	bool cut;
};

enum source_flags {
	/*
	 * For files that restore loads as root: refuse one that is not a
	 * regular file, or that someone other than root and us could have
	 * written (owned by another user, writable by every user, or by a
	 * group other than root's and ours).  Standard input is exempt.
	 */
	SOURCE_SAFE_PERMS = 1 << 0,
};

/* Read path ("-" or NULL for stdin).  Returns 0, or -errno with msg set
 * (-EPERM: refused by SOURCE_SAFE_PERMS; -EFBIG: over NFC_MAX_INPUT). */
int source_read_flags(struct nfc_source *src, const char *path,
		      unsigned int flags, char *msg, size_t msglen);
/* source_read_flags with no flags: any readable file (check). */
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
