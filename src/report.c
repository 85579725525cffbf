// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "nfcommit.h"
#include "report.h"

int report_input_of(const struct report *r, const struct nfc_source *src)
{
	unsigned int i;

	for (i = 0; src && i < r->ninputs; i++)
		if (r->inputs[i].src == src)
			return (int)i;
	return -1;
}

const char *report_line(const struct report *r, const struct nfc_loc *loc,
			size_t *len)
{
	int i = report_input_of(r, loc->src);

	if (i < 0 || !loc->line)
		return NULL;
	return line_index_get(&r->inputs[i].li, loc->line, len);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct report_item *a = pa, *b = pb;

	if (a->input != b->input)
		return a->input < b->input ? -1 : 1;
	if (a->dg->loc.line != b->dg->loc.line)
		return a->dg->loc.line < b->dg->loc.line ? -1 : 1;
	if (a->dg->loc.col != b->dg->loc.col)
		return a->dg->loc.col < b->dg->loc.col ? -1 : 1;
	return a->dg->seq < b->dg->seq ? -1 : (a->dg->seq > b->dg->seq);
}

int report_build(struct report *r, const struct nfc_diags *d,
		 const struct report_input *inputs, unsigned int ninputs)
{
	const struct nfc_diag *dg;
	unsigned int n = 0;

	memset(r, 0, sizeof(*r));
	r->inputs = inputs;
	r->ninputs = ninputs;
	r->items = calloc(d->count ? d->count : 1, sizeof(*r->items));
	if (!r->items)
		return -ENOMEM;
	for (dg = d->head; dg; dg = dg->next) {
		struct report_item *it = &r->items[n++];

		it->dg = dg;
		it->input = report_input_of(r, dg->loc.src);
		it->suppressed = it->input >= 0 && dg->loc.line &&
				 suppress_match(&inputs[it->input].sup,
						dg->code, dg->loc.line);
		if (it->suppressed)
			r->nsuppressed++;
		else if (dg->severity == NFC_ERROR)
			r->nerrors++;
		else if (dg->severity == NFC_WARNING)
			r->nwarnings++;
		else
			r->nnotes++;
	}
	r->nitems = n;
	qsort(r->items, n, sizeof(*r->items), item_cmp);
	return 0;
}

void report_free(struct report *r)
{
	free(r->items);
	memset(r, 0, sizeof(*r));
}

int report_parse_format(const char *s, enum report_format *f)
{
	static const struct {
		const char *name;
		enum report_format f;
	} names[] = {
		{ "gcc", REPORT_GCC },
		{ "json", REPORT_JSON },
		{ "sarif", REPORT_SARIF },
		{ "github", REPORT_GITHUB },
	};
	unsigned int i;

	for (i = 0; i < NFC_ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

void report_print(const struct report *r, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_GCC:
		report_gcc(r, out);
		break;
	case REPORT_JSON:
		report_json(r, out);
		break;
	case REPORT_SARIF:
		report_sarif(r, out);
		break;
	case REPORT_GITHUB:
		report_github(r, out);
		break;
	}
}

void report_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

unsigned int report_utf16_col(const struct report *r, const struct nfc_loc *loc,
			      unsigned int bytecol)
{
	const char *text;
	size_t len, i, before = bytecol ? bytecol - 1 : 0;
	unsigned int col = 1;

	text = report_line(r, loc, &len);
	if (!text)
		return bytecol ? bytecol : 1;
	for (i = 0; i < before; i++) {
		unsigned char c = i < len ? (unsigned char)text[i] : ' ';

		if ((c & 0xc0) == 0x80)
			continue; /* a continuation byte */
		col += c >= 0xf0 ? 2 : 1; /* beyond U+FFFF: a surrogate pair */
	}
	return col;
}

void report_list_rules(enum report_format f, FILE *out)
{
	unsigned int i;
	const char *p;

	if (f == REPORT_JSON || f == REPORT_SARIF) {
		fputs("[\n", out);
		for (i = 1; i < NFC_F_COUNT; i++) {
			const struct finding_info *fi = finding_info(i);

			fputs("  {\"id\": ", out);
			report_json_string(out, fi->id);
			fputs(", \"name\": ", out);
			report_json_string(out, fi->name);
			fprintf(out, ", \"severity\": \"%s\", \"summary\": ",
				severity_name(fi->severity));
			report_json_string(out, fi->summary);
			fputs(", \"example\": ", out);
			report_json_string(out, fi->example);
			fprintf(out, "}%s\n", i + 1 < NFC_F_COUNT ? "," : "");
		}
		fputs("]\n", out);
		return;
	}
	for (i = 1; i < NFC_F_COUNT; i++) {
		const struct finding_info *fi = finding_info(i);

		fprintf(out, "%s  %-7s  %s\n    %s\n    example:\n      ",
			fi->id, severity_name(fi->severity), fi->name,
			fi->summary);
		for (p = fi->example; *p; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fputs("      ", out);
		}
		fputc('\n', out);
	}
}
