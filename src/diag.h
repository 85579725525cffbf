/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics: records with a severity, a location in the input and a
 * message, queued while the input is processed and printed once, sorted,
 * as FILE:LINE:COL: severity: message, the source line and a caret.
 */
#ifndef NFC_DIAG_H
#define NFC_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "source.h"

enum nfc_severity {
	NFC_NOTE,
	NFC_WARNING,
	NFC_ERROR,
};

/* A place in one input.  line and col count from 1; line 0 means "the
 * whole input" (for example an unreadable file). */
struct nfc_loc {
	const struct nfc_source *src;
	unsigned int line;
	unsigned int col;
	unsigned int len; /* columns to underline; 0 or 1 prints a caret */
};

struct nfc_diag {
	struct nfc_diag *next;
	enum nfc_severity severity;
	struct nfc_loc loc;
	struct nfc_loc related; /* optional second place, src NULL if none */
	char *related_msg;
	char *msg;
	unsigned int seq; /* queue order, to keep sorting stable */
	unsigned int code; /* check finding (finding.h), 0 if none */
};

struct nfc_diags {
	struct nfc_diag *head;
	struct nfc_diag **tail;
	unsigned int count;
	unsigned int nerrors;
	unsigned int nwarnings;
};

void diags_init(struct nfc_diags *d);
void diags_free(struct nfc_diags *d);
/* Move the diagnostics of from to the end of d, as if queued there now;
 * from is left empty. */
void diags_append(struct nfc_diags *d, struct nfc_diags *from);

/* Queue a diagnostic.  loc may be NULL for one about no particular place. */
struct nfc_diag *diag_add(struct nfc_diags *d, enum nfc_severity sev,
			  const struct nfc_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
struct nfc_diag *diag_vadd(struct nfc_diags *d, enum nfc_severity sev,
			   const struct nfc_loc *loc, const char *fmt,
			   va_list ap) __attribute__((format(printf, 4, 0)));
void diag_set_related(struct nfc_diag *dg, const struct nfc_loc *loc,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Tag dg (may be NULL) with a check finding code from finding.h. */
void diag_set_code(struct nfc_diag *dg, unsigned int code);

/* Print one source line (text, len bytes, no newline) indented, and a
 * caret under column col (1-based) followed by width-1 tildes. */
void diag_quote(const char *text, size_t len, unsigned int col,
		unsigned int width, FILE *out);

/* gcc's "FILE:LINE:COL: " (or as much of it as loc knows). */
void diag_print_where(const struct nfc_loc *loc, FILE *out);

/* Sort by input, line and column, then print in gcc's format. */
void diags_print(struct nfc_diags *d, FILE *out);

const char *severity_name(enum nfc_severity sev);

#endif
