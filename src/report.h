/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Printing check's findings: gcc-style text (the default), JSON, SARIF
 * 2.1.0 and GitHub Actions workflow commands.  A report is the queued
 * diagnostics sorted by input, line and column, each with its input and
 * whether a suppression comment silences it.
 */
#ifndef NFC_REPORT_H
#define NFC_REPORT_H

#include <stdio.h>

#include "diag.h"
#include "lineidx.h"
#include "suppress.h"

enum report_format {
	REPORT_GCC,
	REPORT_JSON,
	REPORT_SARIF,
	REPORT_GITHUB,
};

struct report_input {
	const struct nfc_source *src;
	struct line_index li;
	struct suppress sup;
};

struct report_item {
	const struct nfc_diag *dg;
	int input; /* index into inputs, -1 when about no input */
	bool suppressed;
};

struct report {
	const struct report_input *inputs;
	unsigned int ninputs;
	struct report_item *items;
	unsigned int nitems;
	/* Findings that are not suppressed, by severity. */
	unsigned int nerrors, nwarnings, nnotes, nsuppressed;
};

/* Returns 0 or -ENOMEM.  The report borrows d and inputs. */
int report_build(struct report *r, const struct nfc_diags *d,
		 const struct report_input *inputs, unsigned int ninputs);
void report_free(struct report *r);
/* "gcc", "json", "sarif", "github": 0, or -1 for anything else. */
int report_parse_format(const char *s, enum report_format *f);
void report_print(const struct report *r, enum report_format f, FILE *out);
/* --list-rules, as text (gcc and github) or JSON (json and sarif). */
void report_list_rules(enum report_format f, FILE *out);

/* Helpers the formats share (report.c). */
int report_input_of(const struct report *r, const struct nfc_source *src);
const char *report_line(const struct report *r, const struct nfc_loc *loc,
			size_t *len);
void report_json_string(FILE *out, const char *s);
/* loc's column in UTF-16 code units (SARIF's default column kind). */
unsigned int report_utf16_col(const struct report *r, const struct nfc_loc *loc,
			      unsigned int bytecol);

void report_gcc(const struct report *r, FILE *out);
void report_json(const struct report *r, FILE *out);
void report_sarif(const struct report *r, FILE *out);
void report_github(const struct report *r, FILE *out);

#endif
